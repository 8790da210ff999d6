using System.Security.Cryptography;
using System.Text.Json;

using JinBao.AppHost.Topology;
using JinBao.Postgres;

namespace JinBao.AppHost.Hosting;

/// <summary>
/// The PostgreSQL server the AppHost runs when no <c>ConnectionStrings:postgres</c> is configured: binaries of the
/// machine's installation, a data folder initialised on first run (initdb, as user <c>postgres</c> when we are root:
/// PostgreSQL refuses root) and kept across runs, a fixed port and a generated superuser password remembered in
/// <c>postgres.json</c> (owner-only), loopback only. Aspire runs the server itself, through <c>postgres-run.sh</c>.
/// Finding the binaries, running them as user postgres and initdb are the launcher the tests share (src/Postgres).
/// </summary>
public sealed class LocalPostgres
{
    public const string ServiceUser = PostgresServiceUser.Name;
    private const string InstallHint = "Install it with `apt-get install -y postgresql`, or set ConnectionStrings__postgres to a server you run.";

    // Five silos, two APIs and their migrators share one server; the default 100 is tight.
    private const int MaxConnections = 200;

    private LocalPostgres(string dataFolder, string binDirectory, Settings settings)
    {
        DataDirectory = Path.Combine(dataFolder, "pgdata");
        BinDirectory = binDirectory;
        Port = settings.Port;
        Password = settings.Password;
    }

    public string DataDirectory { get; }

    public string BinDirectory { get; }

    public int Port { get; }

    public string Password { get; }

    public static bool IsRoot => PostgresServiceUser.IsRoot;

    /// <summary>The command line the run script starts (after it dropped to user postgres).</summary>
    public IReadOnlyList<string> ServerArguments =>
    [
        Path.Combine(BinDirectory, "postgres"),
        "-D", DataDirectory,
        "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "-c", PostgresLoopback.ListenAddressesSetting,
        "-c", "unix_socket_directories=", // TCP on loopback only; a socket path under a deep folder could exceed 107 bytes
        "-c", $"max_connections={MaxConnections}",
    ];

    /// <summary>A connection string to <paramref name="database"/> on this server.</summary>
    public string ConnectionString(string database)
    {
        var builder = PostgresLoopback.Connection(Port, database);
        builder.Password = Password;
        return builder.ConnectionString;
    }

    /// <summary>Finds the binaries and, on the first run, initialises the data folder; the server is not started here.</summary>
    /// <exception cref="TopologyException">PostgreSQL is missing or the data folder cannot be used.</exception>
    public static LocalPostgres Prepare(string dataFolder)
    {
        var dataDirectory = Path.Combine(dataFolder, "pgdata");
        var versionFile = Path.Combine(dataDirectory, "PG_VERSION");
        var existingVersion = File.Exists(versionFile) ? File.ReadAllText(versionFile).Trim() : null;

        // An existing data folder needs the major version that made it; otherwise the newest installed.
        var installation = PostgresInstallation.Find([.. PostgresInstallation.UnderLibRoot(existingVersion), .. PostgresInstallation.OnPath()], "initdb", "postgres")
            ?? throw new TopologyException($"PostgreSQL is not installed: no initdb and postgres under {PostgresInstallation.LibRoot}/*/bin or on PATH. {InstallHint}");
        Directory.CreateDirectory(dataFolder);
        var settingsFile = Path.Combine(dataFolder, "postgres.json");
        Settings settings;
        if (existingVersion is null)
        {
            settings = new Settings(PostgresLoopback.FreePort(), Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)));
            Initialise(dataFolder, dataDirectory, installation, settings.Password);
            Save(settingsFile, settings);
        }
        else
        {
            settings = File.Exists(settingsFile)
                ? JsonSerializer.Deserialize<Settings>(File.ReadAllText(settingsFile)) ?? throw new TopologyException($"{settingsFile} is empty. Delete {dataFolder} to start afresh.")
                : throw new TopologyException($"{dataDirectory} exists but {settingsFile} (its password) is gone. Delete {dataFolder} to start afresh.");
        }

        return new LocalPostgres(dataFolder, installation.BinDirectory, settings);
    }

    private static void Initialise(string dataFolder, string dataDirectory, PostgresInstallation installation, string password)
    {
        if (Directory.Exists(dataDirectory) && Directory.EnumerateFileSystemEntries(dataDirectory).Any())
        {
            throw new TopologyException($"{dataDirectory} is not empty but holds no PostgreSQL data (no PG_VERSION). Delete it and start again.");
        }

        Console.WriteLine($"First run: initialising a PostgreSQL data folder in {dataDirectory}.");

        // Prepare runs while the AppHost builds its resources, before anything awaits: no context to block.
        try
        {
            if (IsRoot && !PostgresServiceUser.RunAsync("test", ["-x", dataFolder]).GetAwaiter().GetResult().Succeeded)
            {
                throw new TopologyException($"User {ServiceUser} cannot enter {dataFolder} (a folder above it is closed to others, e.g. /root): set JINBAO_APPHOST_DATA to a folder it can reach, such as /tmp/jinbao.");
            }

            PostgresDataDirectory.InitialiseAsync(installation, dataDirectory, password, syncToDisk: true).GetAwaiter().GetResult();
        }
        catch (Exception exception) when (exception is PostgresLaunchException or TimeoutException)
        {
            throw new TopologyException(exception.Message, exception);
        }
    }

    private static void Save(string path, Settings settings)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite };
        using var stream = new FileStream(path, options);
        JsonSerializer.Serialize(stream, settings);
    }

    private sealed record Settings(int Port, string Password);
}
