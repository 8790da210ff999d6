namespace JinBao.Postgres;

/// <summary>A PostgreSQL data directory made by initdb, owned by the service user when we are root.</summary>
public static class PostgresDataDirectory
{
    /// <summary>
    /// Runs initdb into <paramref name="dataDirectory"/> (created if missing; initdb itself refuses one that is not
    /// empty): superuser <c>postgres</c>, UTF8, locale C. With <paramref name="superuserPassword"/> connections must
    /// give it (scram-sha-256); without one any local connection is trusted, which only a throwaway server may do.
    /// </summary>
    /// <param name="syncToDisk">False skips initdb's fsync: for data thrown away after the run.</param>
    /// <exception cref="PostgresLaunchException">initdb failed, or the folder could not be given to the service user.</exception>
    public static async Task InitialiseAsync(PostgresInstallation installation, string dataDirectory, string? superuserPassword, bool syncToDisk)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("The PostgreSQL launcher runs PostgreSQL's Unix programs.");
        }

        Directory.CreateDirectory(dataDirectory);
        List<string> arguments = ["-D", dataDirectory, "-U", PostgresServiceUser.Name, "-E", "UTF8", "--locale=C"];
        if (!syncToDisk)
        {
            arguments.Add("--no-sync");
        }

        if (superuserPassword is null)
        {
            await PostgresServiceUser.OwnAsync([dataDirectory]);
            await RunInitDbAsync(installation, [.. arguments, "-A", "trust"]);
            return;
        }

        // Beside the data directory, not inside it (initdb wants it empty); a file, so the password never appears in a
        // process list; readable by its owner only, and gone once initdb has read it.
        var passwordFile = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(dataDirectory))!, ".initdb-password");
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite };
        await using (var writer = new StreamWriter(passwordFile, options))
        {
            await writer.WriteAsync(superuserPassword);
        }

        try
        {
            await PostgresServiceUser.OwnAsync([dataDirectory, passwordFile]);
            await RunInitDbAsync(installation, [.. arguments, "-A", "scram-sha-256", "--pwfile", passwordFile]);
        }
        finally
        {
            File.Delete(passwordFile);
        }
    }

    private static async Task RunInitDbAsync(PostgresInstallation installation, IReadOnlyList<string> arguments) =>
        (await PostgresServiceUser.RunAsync(installation.Program("initdb"), arguments)).ThrowIfFailed("initdb failed.");
}
