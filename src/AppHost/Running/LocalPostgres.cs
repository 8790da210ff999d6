using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;

using Npgsql;

namespace JinBao.AppHost.Running;

/// <summary>
/// The PostgreSQL server the AppHost runs when no <c>ConnectionStrings__postgres</c> is given: a data folder
/// initialised on first run and kept across runs, listening on 127.0.0.1 only, on the port it had last time when
/// that port is still free.
/// </summary>
/// <remarks>
/// Layout of the data folder (<c>&lt;repo&gt;/.jinbao</c> or <c>JINBAO_APPHOST_DATA</c>):
/// <c>pgdata/</c> the server's files, <c>postgres.log</c> its log, <c>postgres.json</c> its port and the generated
/// password of user <c>postgres</c> (readable by its owner only).
/// </remarks>
public sealed class LocalPostgres(string dataFolder, ConsoleLog log)
{
    private const string UserName = "postgres";

    // The AppHost's processes share one server: 4 silos and 2 APIs each keep a pool; the default 100 is tight.
    private const int MaxConnections = 200;

    private readonly string _dataDirectory = Path.Combine(dataFolder, "pgdata");
    private readonly string _logFile = Path.Combine(dataFolder, "postgres.log");
    private readonly string _settingsFile = Path.Combine(dataFolder, "postgres.json");
    private PostgresTools? _tools;

    public string DataDirectory => _dataDirectory;

    public string LogFile => _logFile;

    /// <summary>The postmaster's process id once started.</summary>
    public int? ProcessId { get; private set; }

    public int Port { get; private set; }

    public string Version => _tools?.Version ?? "";

    /// <summary>Finds initdb and pg_ctl, of the major version that created the data folder when there is one.</summary>
    /// <exception cref="AppHostException">PostgreSQL is not installed.</exception>
    public void FindTools() => _tools ??= PostgresTools.Find(ExistingVersion());

    /// <summary>Initialises the data folder on first run, starts the server and returns a connection string to it.</summary>
    public async Task<string> StartAsync(CancellationToken cancellationToken)
    {
        FindTools();
        var existingVersion = ExistingVersion();
        Directory.CreateDirectory(dataFolder);
        await CheckServiceUserCanEnterAsync();

        var settings = existingVersion is null
            ? await InitialiseAsync()
            : await LoadSettingsAsync();

        if (await IsRunningAsync())
        {
            log.Info($"Stopping the PostgreSQL server an earlier AppHost left running on {_dataDirectory}.");
            await RunPgCtlAsync(["-D", _dataDirectory, "-m", "fast", "-w", "-t", "60", "stop"]);
        }

        // Keep last run's port when free, so connection strings a developer saved keep working.
        var port = settings.Port > 0 && PortCheck.IsFree(settings.Port) ? settings.Port : PortCheck.FindFree();
        if (port != settings.Port)
        {
            settings = settings with { Port = port };
            await SaveSettingsAsync(settings);
        }

        if (!File.Exists(_logFile))
        {
            await File.WriteAllTextAsync(_logFile, "", cancellationToken);
        }

        await PostgresTools.GiveToServiceUserAsync(_logFile);
        var options = string.Join(
            ' ',
            "-c listen_addresses=127.0.0.1",
            $"-p {port}",
            "-c unix_socket_directories=''", // TCP on loopback only; a socket path under a deep repo could exceed 107 bytes
            $"-c max_connections={MaxConnections}");
        var (exitCode, output) = await RunPgCtlAsync(["-D", _dataDirectory, "-l", _logFile, "-w", "-t", "60", "-o", options, "start"]);
        if (exitCode != 0)
        {
            throw new AppHostException($"PostgreSQL did not start (pg_ctl exit {exitCode}): {output}\nLast lines of {_logFile}:\n{await LogTailAsync()}");
        }

        Port = port;
        ProcessId = ReadPostmasterId();
        return new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = port,
            Username = UserName,
            Password = settings.Password,
            Database = "postgres",
        }.ConnectionString;
    }

    /// <summary>Stops the server: a fast shutdown (sessions cut, data flushed), or an immediate one when forced.</summary>
    public async Task StopAsync(bool force)
    {
        if (_tools is null || !await IsRunningAsync())
        {
            return;
        }

        var (exitCode, output) = await RunPgCtlAsync(["-D", _dataDirectory, "-m", force ? "immediate" : "fast", "-w", "-t", "60", "stop"]);
        if (exitCode != 0)
        {
            log.Error($"pg_ctl stop failed (exit {exitCode}): {output}; killing the postmaster.");
            if (ReadPostmasterId() is { } id)
            {
                PosixSignals.Send(id, PosixSignals.SigKill);
            }
        }
    }

    private string? ExistingVersion()
    {
        var versionFile = Path.Combine(_dataDirectory, "PG_VERSION");
        return File.Exists(versionFile) ? File.ReadAllText(versionFile).Trim() : null;
    }

    private async Task<Settings> InitialiseAsync()
    {
        if (Directory.Exists(_dataDirectory) && Directory.EnumerateFileSystemEntries(_dataDirectory).Any())
        {
            throw new AppHostException(
                $"{_dataDirectory} is not empty but holds no PostgreSQL data (no PG_VERSION). Delete it and start again.");
        }

        log.Info($"First run: initialising a PostgreSQL {_tools!.Version} data folder in {_dataDirectory}.");
        Directory.CreateDirectory(_dataDirectory);
        await PostgresTools.GiveToServiceUserAsync(_dataDirectory);

        var settings = new Settings(Port: 0, Password: Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)));
        await SaveSettingsAsync(settings);

        // initdb reads the password from a file, so it never appears in a process list.
        var passwordFile = Path.Combine(dataFolder, ".initdb-password");
        await File.WriteAllTextAsync(passwordFile, settings.Password);
        File.SetUnixFileMode(passwordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        try
        {
            await PostgresTools.GiveToServiceUserAsync(passwordFile);
            var (exitCode, output) = await PostgresTools.RunAsync(
                _tools.InitDb,
                ["-D", _dataDirectory, "-U", UserName, "-A", "scram-sha-256", "--pwfile", passwordFile, "-E", "UTF8", "--locale=C"]);
            if (exitCode != 0)
            {
                throw new AppHostException($"initdb failed (exit {exitCode}):\n{output}");
            }
        }
        finally
        {
            File.Delete(passwordFile);
        }

        return settings;
    }

    private async Task<Settings> LoadSettingsAsync()
    {
        if (!File.Exists(_settingsFile))
        {
            throw new AppHostException(
                $"{_dataDirectory} exists but {_settingsFile} (its password) is gone. Delete {dataFolder} to start afresh.");
        }

        await using var stream = File.OpenRead(_settingsFile);
        return await JsonSerializer.DeserializeAsync<Settings>(stream)
            ?? throw new AppHostException($"{_settingsFile} is empty. Delete {dataFolder} to start afresh.");
    }

    private async Task SaveSettingsAsync(Settings settings)
    {
        // Owner-only: it holds the password of the server's superuser.
        var options = new FileStreamOptions
        {
            Mode = FileMode.Create,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        };
        await using var stream = new FileStream(_settingsFile, options);
        await JsonSerializer.SerializeAsync(stream, settings);
    }

    // As root the server runs as user postgres, which must be able to enter the data folder.
    private async Task CheckServiceUserCanEnterAsync()
    {
        if (!PostgresTools.IsRoot)
        {
            return;
        }

        var (exitCode, _) = await PostgresTools.RunAsync("test", ["-x", dataFolder]);
        if (exitCode != 0)
        {
            throw new AppHostException(
                $"User {PostgresTools.ServiceUser} cannot enter {dataFolder} (a folder above it is closed to other users, "
                + "e.g. /root). Set JINBAO_APPHOST_DATA to a folder it can reach, such as /tmp/jinbao, or `chmod o+x` the parent folders.");
        }
    }

    private async Task<bool> IsRunningAsync() =>
        File.Exists(Path.Combine(_dataDirectory, "postmaster.pid"))
        && (await RunPgCtlAsync(["-D", _dataDirectory, "status"])).ExitCode == 0;

    private Task<(int ExitCode, string Output)> RunPgCtlAsync(IReadOnlyList<string> arguments) =>
        PostgresTools.RunAsync(_tools!.PgCtl, arguments);

    private int? ReadPostmasterId()
    {
        try
        {
            var first = File.ReadLines(Path.Combine(_dataDirectory, "postmaster.pid")).FirstOrDefault();
            return int.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private async Task<string> LogTailAsync() =>
        File.Exists(_logFile) ? string.Join('\n', (await File.ReadAllLinesAsync(_logFile)).TakeLast(20)) : "(no log)";

    private sealed record Settings(int Port, string Password);
}
