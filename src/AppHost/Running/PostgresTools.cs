using System.Diagnostics;
using System.Text;

namespace JinBao.AppHost.Running;

/// <summary>
/// PostgreSQL's command-line tools (<c>initdb</c>, <c>pg_ctl</c>), run as user <c>postgres</c> through
/// <c>runuser</c> when the AppHost runs as root, because PostgreSQL refuses to run as root.
/// </summary>
public sealed class PostgresTools
{
    public const string ServiceUser = "postgres";
    public const string InstallHint =
        "Install it with `apt-get install -y postgresql` (Debian/Ubuntu), or set ConnectionStrings__postgres to a server you run.";

    private const string PostgresLibRoot = "/usr/lib/postgresql";
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(120);

    private PostgresTools(string binDirectory)
    {
        InitDb = Path.Combine(binDirectory, "initdb");
        PgCtl = Path.Combine(binDirectory, "pg_ctl");
        Version = Path.GetFileName(Path.GetDirectoryName(binDirectory)) ?? "";
    }

    public static bool IsRoot => string.Equals(Environment.UserName, "root", StringComparison.Ordinal);

    public string InitDb { get; }

    public string PgCtl { get; }

    /// <summary>The major version when installed under /usr/lib/postgresql/&lt;version&gt;/bin, e.g. <c>15</c>.</summary>
    public string Version { get; }

    /// <summary>
    /// Finds initdb and pg_ctl: those of <paramref name="preferredVersion"/> when installed (an existing data folder
    /// needs the major version that created it), else the newest under /usr/lib/postgresql, else those on PATH.
    /// </summary>
    /// <exception cref="AppHostException">PostgreSQL is not installed.</exception>
    public static PostgresTools Find(string? preferredVersion)
    {
        var candidates = new List<string>();
        if (Directory.Exists(PostgresLibRoot))
        {
            candidates.AddRange(Directory.EnumerateDirectories(PostgresLibRoot)
                .OrderByDescending(d => Path.GetFileName(d) == preferredVersion)
                .ThenByDescending(d => int.TryParse(Path.GetFileName(d), out var version) ? version : -1)
                .Select(d => Path.Combine(d, "bin")));
        }

        // On PATH initdb is often a link into /usr/lib/postgresql/<version>/bin; pg_ctl must come from the same place.
        if (Executables.FindOnPath("initdb") is { } onPath)
        {
            var resolved = new FileInfo(onPath).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? onPath;
            candidates.Add(Path.GetDirectoryName(resolved)!);
        }

        var bin = candidates.FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")));
        return bin is not null
            ? new PostgresTools(bin)
            : throw new AppHostException(
                $"PostgreSQL is not installed: no initdb and pg_ctl on PATH or under {PostgresLibRoot}/*/bin. {InstallHint}");
    }

    /// <summary>Runs a PostgreSQL tool (as user postgres when we are root) and returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string tool, IReadOnlyList<string> arguments, bool asServiceUser = true)
    {
        var startInfo = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (asServiceUser && IsRoot)
        {
            startInfo.FileName = "runuser";
            foreach (var argument in (string[])["-u", ServiceUser, "--", tool])
            {
                startInfo.ArgumentList.Add(argument);
            }
        }
        else
        {
            startInfo.FileName = tool;
        }

        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo) ?? throw new AppHostException($"Could not start {startInfo.FileName}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(ToolTimeout);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw new AppHostException($"{Path.GetFileName(tool)} did not finish within {ToolTimeout.TotalSeconds} s.");
        }

        var output = new StringBuilder().Append(await stdout).Append(await stderr).ToString().Trim();
        return (process.ExitCode, output);
    }

    /// <summary>Makes <paramref name="path"/> belong to user postgres when we are root, so the server can write it.</summary>
    public static async Task GiveToServiceUserAsync(string path)
    {
        if (!IsRoot)
        {
            return;
        }

        var (exitCode, output) = await RunAsync("chown", [$"{ServiceUser}:{ServiceUser}", path], asServiceUser: false);
        if (exitCode != 0)
        {
            throw new AppHostException($"Could not give {path} to user {ServiceUser}: {output}. {InstallHint}");
        }
    }
}
