using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using JinBao.Migrations;
using JinBao.Postgres;
using Npgsql;

namespace JinBao.Testing;

/// <summary>
/// A PostgreSQL server for one test run: the server named by <c>JINBAO_TEST_PG</c> if set, otherwise a throwaway
/// server started from the installed binaries (initdb into a temp folder, loopback only, a free port), stopped and
/// deleted on dispose. Tests get isolated, migrated databases from <see cref="CreateDatabaseAsync"/>.
/// </summary>
public sealed class TestPostgres : IAsyncDisposable
{
    private const string ExternalServerVariable = "JINBAO_TEST_PG";
    private const string DefaultDatabasePrefix = "jinbao_test";

    // PostgreSQL truncates identifiers beyond 63 bytes; a 32-character GUID suffix leaves room for the prefix.
    private const int MaxDatabasePrefixLength = 30;

    private readonly LocalServer? _localServer;
    private readonly ConcurrentBag<string> _createdDatabases = [];
    private int _disposed;

    private TestPostgres(string serverConnectionString, LocalServer? localServer)
    {
        ServerConnectionString = serverConnectionString;
        _localServer = localServer;
    }

    /// <summary>A connection string to the server's <c>postgres</c> maintenance database.</summary>
    public string ServerConnectionString { get; }

    /// <summary>Connects to <c>JINBAO_TEST_PG</c>, or starts a throwaway server when that is not set.</summary>
    /// <param name="serverSettings">
    /// Extra <c>name=value</c> server settings for a throwaway server, applied after the defaults so they win: the
    /// benchmarks turn durability back on (<c>fsync=on</c>) because they measure against durable commits.
    /// </param>
    /// <exception cref="InvalidOperationException">No PostgreSQL binaries are installed, or the server failed to start.</exception>
    public static async Task<TestPostgres> StartAsync(params IReadOnlyList<string> serverSettings)
    {
        var external = Environment.GetEnvironmentVariable(ExternalServerVariable);
        if (!string.IsNullOrWhiteSpace(external))
        {
            var builder = new NpgsqlConnectionStringBuilder(external);
            if (string.IsNullOrEmpty(builder.Database))
            {
                builder.Database = "postgres";
            }

            return new TestPostgres(builder.ConnectionString, localServer: null);
        }

        var server = await LocalServer.StartAsync(serverSettings);
        return new TestPostgres(server.ConnectionString, server);
    }

    /// <summary>Creates a uniquely named database with every migration applied; returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string? namePrefix = null)
    {
        var connectionString = await CreateEmptyDatabaseAsync(namePrefix);
        await DatabaseMigrator.MigrateAsync(connectionString);
        return connectionString;
    }

    /// <summary>Creates a uniquely named database with no migration applied; returns its connection string.</summary>
    public async Task<string> CreateEmptyDatabaseAsync(string? namePrefix = null)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var name = NewDatabaseName(namePrefix);
        var connectionString = new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = name }.ConnectionString;
        await DatabaseMigrator.EnsureDatabaseAsync(connectionString);
        _createdDatabases.Add(name);
        return connectionString;
    }

    /// <summary>Whether this is the tests' own server, which <see cref="RestartAsync"/> can restart (not <c>JINBAO_TEST_PG</c>).</summary>
    public bool CanRestart => _localServer is not null;

    /// <summary>
    /// Restarts the server the way an operator's <c>pg_ctl restart -m fast</c> does: every connection is terminated, the
    /// server is down for a moment, then back on the same port with the same data. Only the tests' own server.
    /// </summary>
    public Task RestartAsync() =>
        (_localServer ?? throw new InvalidOperationException("Only the tests' own server can be restarted, not JINBAO_TEST_PG.")).RestartAsync();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // Pooled connections to the test databases would otherwise outlive the server or block DROP DATABASE.
        NpgsqlConnection.ClearAllPools();
        if (_localServer is not null)
        {
            await _localServer.StopAsync();
        }
        else
        {
            await DropCreatedDatabasesAsync();
        }
    }

    private static string NewDatabaseName(string? namePrefix)
    {
        var prefix = new string((namePrefix ?? DefaultDatabasePrefix).ToLowerInvariant()
            .Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_')
            .Take(MaxDatabasePrefixLength)
            .ToArray());
        if (prefix.Length == 0)
        {
            prefix = DefaultDatabasePrefix;
        }

        return $"{prefix}_{Guid.NewGuid():N}";
    }

    // Only on a shared server: a throwaway server is deleted whole.
    private async Task DropCreatedDatabasesAsync()
    {
        var builder = new NpgsqlConnectionStringBuilder(ServerConnectionString) { Pooling = false };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        foreach (var name in _createdDatabases)
        {
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }

    /// <summary>
    /// A postmaster in its own temp folder, run as user <c>postgres</c> when the tests run as root. The installation,
    /// initdb and running as the service user are the launcher the AppHost shares (src/Postgres); starting, restarting,
    /// stopping and sweeping with pg_ctl are the tests' own, since Aspire runs the AppHost's server.
    /// </summary>
    private sealed class LocalServer
    {
        private const string FolderPrefix = "jinbao-pg-";
        private const string OwnerFileName = "owner.pid";
        private const int StartAttempts = 3;

        private static readonly TimeSpan OrphanGracePeriod = TimeSpan.FromMinutes(1);

        private readonly string _pgCtl;
        private readonly string _folder;
        private readonly string _dataDirectory;
        private readonly EventHandler _onProcessExit;
        private int _stopped;

        private LocalServer(string pgCtl, string folder, int port)
        {
            _pgCtl = pgCtl;
            _folder = folder;
            _dataDirectory = Path.Combine(folder, "data");
            var connection = PostgresLoopback.Connection(port, "postgres");
            connection.IncludeErrorDetail = true;
            ConnectionString = connection.ConnectionString;

            // If the test host exits without disposing the fixture (an unhandled exception, Ctrl+C), stop the server
            // anyway; a run killed outright is cleaned up by the next run's SweepOrphans.
            _onProcessExit = (_, _) => StopNow();
            AppDomain.CurrentDomain.ProcessExit += _onProcessExit;
        }

        public string ConnectionString { get; }

        public static async Task<LocalServer> StartAsync(IReadOnlyList<string> serverSettings)
        {
            var installation = FindInstallation();
            var pgCtl = installation.Program("pg_ctl");
            var root = BaseFolder();
            SweepOrphans(root, pgCtl);

            var folder = Path.Combine(root, FolderPrefix + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            var ownerTemp = Path.Combine(folder, OwnerFileName + ".tmp");
            await File.WriteAllTextAsync(ownerTemp, Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
            File.Move(ownerTemp, Path.Combine(folder, OwnerFileName)); // atomic: a sweeper never reads half a pid
            try
            {
                // The server writes its log and socket beside the data directory.
                await PostgresServiceUser.OwnAsync([folder], recursive: true);
                var dataDirectory = Path.Combine(folder, "data");
                await PostgresDataDirectory.InitialiseAsync(installation, dataDirectory, superuserPassword: null, syncToDisk: false);

                for (var attempt = 1; ; attempt++)
                {
                    var port = PostgresLoopback.FreePort();
                    var logFile = Path.Combine(folder, "server.log");

                    // Durability settings are off: the data is thrown away after the run.
                    var options = string.Join(
                        ' ',
                        $"-c {PostgresLoopback.ListenAddressesSetting}",
                        $"-p {port}",
                        $"-k {folder}",
                        "-c fsync=off",
                        "-c synchronous_commit=off",
                        "-c full_page_writes=off",
                        "-c max_connections=300",
                        "-c timezone=UTC",
                        string.Join(' ', serverSettings.Select(setting => $"-c {setting}")));
                    var start = await PostgresServiceUser.RunAsync(pgCtl, ["-D", dataDirectory, "-l", logFile, "-w", "-t", "60", "-o", options, "start"]);
                    if (start.Succeeded)
                    {
                        return new LocalServer(pgCtl, folder, port);
                    }

                    var log = File.Exists(logFile) ? await File.ReadAllTextAsync(logFile) : string.Empty;
                    var portTaken = log.Contains("could not bind", StringComparison.OrdinalIgnoreCase)
                        || log.Contains("already in use", StringComparison.OrdinalIgnoreCase);
                    if (!portTaken || attempt == StartAttempts)
                    {
                        throw new InvalidOperationException($"pg_ctl start failed (exit {start.ExitCode}):\n{start.Output}\n{log}");
                    }
                }
            }
            catch
            {
                TryDeleteFolder(folder);
                throw;
            }
        }

        public async Task RestartAsync()
        {
            // pg_ctl restart keeps the options the server was started with (postmaster.opts), port included; the log file
            // keeps the new postmaster off pg_ctl's output, which would otherwise stay open for as long as it runs.
            var restart = await PostgresServiceUser.RunAsync(
                _pgCtl, ["-D", _dataDirectory, "-l", Path.Combine(_folder, "server.log"), "-m", "fast", "-w", "-t", "60", "restart"]);
            restart.ThrowIfFailed("pg_ctl restart failed.");
        }

        public async Task StopAsync()
        {
            if (Interlocked.Exchange(ref _stopped, 1) != 0)
            {
                return;
            }

            AppDomain.CurrentDomain.ProcessExit -= _onProcessExit;
            await PostgresServiceUser.RunAsync(_pgCtl, ["-D", _dataDirectory, "-m", "immediate", "-w", "-t", "30", "stop"]);
            KillPostmaster(_dataDirectory);
            TryDeleteFolder(_folder);
        }

        // Synchronous: ProcessExit handlers cannot await.
        private void StopNow()
        {
            if (Interlocked.Exchange(ref _stopped, 1) != 0)
            {
                return;
            }

            StopFolder(_folder, _pgCtl);
        }

        private static void StopFolder(string folder, string pgCtl)
        {
            var dataDirectory = Path.Combine(folder, "data");
            if (File.Exists(Path.Combine(dataDirectory, "postmaster.pid")))
            {
                try
                {
                    PostgresServiceUser.RunAsync(pgCtl, ["-D", dataDirectory, "-m", "immediate", "-w", "-t", "10", "stop"])
                        .Wait(TimeSpan.FromSeconds(15));
                }
                catch (AggregateException)
                {
                    // Fall through to the kill below.
                }

                KillPostmaster(dataDirectory);
            }

            TryDeleteFolder(folder);
        }

        // Last resort when pg_ctl could not stop it; the backends exit on their own once the postmaster is gone.
        private static void KillPostmaster(string dataDirectory)
        {
            var pidFile = Path.Combine(dataDirectory, "postmaster.pid");
            try
            {
                if (!File.Exists(pidFile)
                    || !int.TryParse(File.ReadLines(pidFile).FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
                {
                    return;
                }

                using var postmaster = Process.GetProcessById(pid);
                if (string.Equals(postmaster.ProcessName, "postgres", StringComparison.Ordinal))
                {
                    postmaster.Kill();
                    postmaster.WaitForExit(TimeSpan.FromSeconds(10));
                }
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or IOException or System.ComponentModel.Win32Exception)
            {
                // Already gone.
            }
        }

        // Servers whose test host died without cleaning up (killed, crashed): stop them and free their folders.
        private static void SweepOrphans(string root, string pgCtl)
        {
            foreach (var folder in Directory.EnumerateDirectories(root, FolderPrefix + "*"))
            {
                try
                {
                    // A folder belongs to a live run while its owner process lives. Test assemblies run in parallel, so a
                    // folder may be seconds old with its owner file not yet written (or written but still empty): such a
                    // folder is left alone until the grace period has passed.
                    var ownerFile = Path.Combine(folder, OwnerFileName);
                    if (TryReadOwner(ownerFile, out var owner))
                    {
                        if (ProcessIsAlive(owner))
                        {
                            continue;
                        }
                    }
                    else if (DateTime.UtcNow - Directory.GetLastWriteTimeUtc(folder) < OrphanGracePeriod)
                    {
                        continue;
                    }

                    StopFolder(folder, pgCtl);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    // Someone else's or half-deleted; not ours to fix.
                }
            }
        }

        private static bool TryReadOwner(string ownerFile, out int owner)
        {
            owner = 0;
            return File.Exists(ownerFile)
                && int.TryParse(File.ReadAllText(ownerFile).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out owner);
        }

        private static bool ProcessIsAlive(int pid)
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                return !process.HasExited;
            }
            catch (ArgumentException)
            {
                return false;
            }
        }

        private static void TryDeleteFolder(string folder)
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // A leftover folder is harmless; SweepOrphans retries it next run.
            }
        }

        // Root's TMPDIR may sit under /root, which user postgres cannot enter; /tmp is world-traversable.
        private static string BaseFolder() => PostgresServiceUser.IsRoot ? "/tmp" : Path.GetTempPath();

        // PATH first, unlike the AppHost: a PostgreSQL the developer put on PATH wins over the distribution's, and any
        // major version will do for data that is thrown away.
        private static PostgresInstallation FindInstallation() =>
            PostgresInstallation.Find([.. PostgresInstallation.OnPath(), .. PostgresInstallation.UnderLibRoot()], "initdb", "pg_ctl")
                ?? throw new InvalidOperationException(
                    $"The integration tests need PostgreSQL, but no initdb with pg_ctl beside it was found on PATH or under {PostgresInstallation.LibRoot}/*/bin. "
                    + "Install it with `apt-get install -y postgresql`, or set JINBAO_TEST_PG to a server connection string.");
    }
}
