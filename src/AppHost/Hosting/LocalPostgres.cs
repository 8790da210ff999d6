using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json;

using JinBao.AppHost.Topology;

using Npgsql;

namespace JinBao.AppHost.Hosting;

/// <summary>
/// The PostgreSQL server the AppHost runs when no <c>ConnectionStrings:postgres</c> is configured: binaries of the
/// machine's installation, a data folder initialised on first run (initdb, as user <c>postgres</c> when we are root:
/// PostgreSQL refuses root) and kept across runs, a fixed port and a generated superuser password remembered in
/// <c>postgres.json</c> (owner-only), loopback only. Aspire runs the server itself, through <c>postgres-run.sh</c>.
/// </summary>
public sealed class LocalPostgres
{
    public const string ServiceUser = "postgres";
    private const string InstallHint = "Install it with `apt-get install -y postgresql`, or set ConnectionStrings__postgres to a server you run.";
    private const string LibRoot = "/usr/lib/postgresql";

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

    public static bool IsRoot => Environment.UserName == "root";

    /// <summary>The command line the run script starts (after it dropped to user postgres).</summary>
    public IReadOnlyList<string> ServerArguments =>
    [
        Path.Combine(BinDirectory, "postgres"),
        "-D", DataDirectory,
        "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "-c", "listen_addresses=127.0.0.1",
        "-c", "unix_socket_directories=", // TCP on loopback only; a socket path under a deep folder could exceed 107 bytes
        "-c", $"max_connections={MaxConnections}",
    ];

    /// <summary>A connection string to <paramref name="database"/> on this server.</summary>
    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = ServiceUser,
        Password = Password,
        Database = database,
    }.ConnectionString;

    /// <summary>Finds the binaries and, on the first run, initialises the data folder; the server is not started here.</summary>
    /// <exception cref="TopologyException">PostgreSQL is missing or the data folder cannot be used.</exception>
    public static LocalPostgres Prepare(string dataFolder)
    {
        var dataDirectory = Path.Combine(dataFolder, "pgdata");
        var versionFile = Path.Combine(dataDirectory, "PG_VERSION");
        var existingVersion = File.Exists(versionFile) ? File.ReadAllText(versionFile).Trim() : null;
        var bin = FindBinaries(existingVersion);
        Directory.CreateDirectory(dataFolder);
        var settingsFile = Path.Combine(dataFolder, "postgres.json");
        Settings settings;
        if (existingVersion is null)
        {
            settings = new Settings(FreePort(), Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)));
            Initialise(dataFolder, dataDirectory, bin, settings.Password);
            Save(settingsFile, settings);
        }
        else
        {
            settings = File.Exists(settingsFile)
                ? JsonSerializer.Deserialize<Settings>(File.ReadAllText(settingsFile)) ?? throw new TopologyException($"{settingsFile} is empty. Delete {dataFolder} to start afresh.")
                : throw new TopologyException($"{dataDirectory} exists but {settingsFile} (its password) is gone. Delete {dataFolder} to start afresh.");
        }

        return new LocalPostgres(dataFolder, bin, settings);
    }

    private static void Initialise(string dataFolder, string dataDirectory, string bin, string password)
    {
        if (Directory.Exists(dataDirectory) && Directory.EnumerateFileSystemEntries(dataDirectory).Any())
        {
            throw new TopologyException($"{dataDirectory} is not empty but holds no PostgreSQL data (no PG_VERSION). Delete it and start again.");
        }

        Console.WriteLine($"First run: initialising a PostgreSQL data folder in {dataDirectory}.");
        Directory.CreateDirectory(dataDirectory);
        var passwordFile = Path.Combine(dataFolder, ".initdb-password");
        File.WriteAllText(passwordFile, password); // a file, so the password never appears in a process list
        File.SetUnixFileMode(passwordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        try
        {
            if (IsRoot)
            {
                Run("test", ["-x", dataFolder], $"User {ServiceUser} cannot enter {dataFolder} (a folder above it is closed to others, e.g. /root): set JINBAO_APPHOST_DATA to a folder it can reach, such as /tmp/jinbao.", asServiceUser: true);
                Run("chown", [$"{ServiceUser}:{ServiceUser}", dataDirectory, passwordFile], $"Could not give {dataDirectory} to user {ServiceUser}.", asServiceUser: false);
            }

            Run(Path.Combine(bin, "initdb"), ["-D", dataDirectory, "-U", ServiceUser, "-A", "scram-sha-256", "--pwfile", passwordFile, "-E", "UTF8", "--locale=C"], "initdb failed.", asServiceUser: true);
        }
        finally
        {
            File.Delete(passwordFile);
        }
    }

    // An existing data folder needs the major version that made it; otherwise the newest installed.
    private static string FindBinaries(string? preferredVersion)
    {
        var candidates = Directory.Exists(LibRoot)
            ? Directory.EnumerateDirectories(LibRoot)
                .OrderByDescending(d => Path.GetFileName(d) == preferredVersion)
                .ThenByDescending(d => int.TryParse(Path.GetFileName(d), out var version) ? version : -1)
                .Select(d => Path.Combine(d, "bin"))
                .ToList()
            : [];
        candidates.AddRange((Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries));
        return candidates.FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "postgres")))
            ?? throw new TopologyException($"PostgreSQL is not installed: no initdb and postgres under {LibRoot}/*/bin or on PATH. {InstallHint}");
    }

    private static void Run(string tool, IReadOnlyList<string> arguments, string failure, bool asServiceUser)
    {
        var startInfo = new ProcessStartInfo(asServiceUser && IsRoot ? "setpriv" : tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (asServiceUser && IsRoot)
        {
            foreach (var argument in (string[])["--reuid", ServiceUser, "--regid", ServiceUser, "--init-groups", "--", tool])
            {
                startInfo.ArgumentList.Add(argument);
            }
        }

        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo) ?? throw new TopologyException($"Could not start {tool}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new TopologyException($"{failure} ({Path.GetFileName(tool)} exit {process.ExitCode}) {error.Trim()} {output.Result.Trim()}".Trim());
        }
    }

    private static void Save(string path, Settings settings)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite };
        using var stream = new FileStream(path, options);
        JsonSerializer.Serialize(stream, settings);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed record Settings(int Port, string Password);
}
