using System.Diagnostics;

namespace JinBao.FaultTests.Topology;

/// <summary>
/// One JinBao process (a silo or an API) as an operator's supervisor runs it: <c>dotnet &lt;dll&gt;</c> with its
/// environment, its output appended to a log file across restarts, killed with SIGKILL or stopped with SIGTERM, and
/// started again with the same ports and configuration.
/// </summary>
public sealed class JinBaoProcess(string name, string assembly, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment, string healthUrl, string logFolder) : IDisposable
{
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(15);

    private readonly Lock _gate = new();
    private readonly HttpClient _probe = new() { Timeout = TimeSpan.FromSeconds(3) };
    private Process? _process;
    private StreamWriter? _log;

    /// <summary>e.g. <c>silo-440300</c>, <c>api-510000</c>.</summary>
    public string Name => name;

    /// <summary>The log file this process writes (stdout and stderr, every run of it).</summary>
    public string LogFile { get; } = Path.Combine(logFolder, name + ".log");

    public bool Running
    {
        get
        {
            lock (_gate)
            {
                return _process is { HasExited: false };
            }
        }
    }

    /// <summary>Starts the process (once more, after a kill or stop).</summary>
    public void Start()
    {
        lock (_gate)
        {
            if (_process is { HasExited: false })
            {
                throw new InvalidOperationException($"{name} is already running.");
            }

            _process?.Dispose();
            _log?.Dispose();
            var startInfo = new ProcessStartInfo("dotnet")
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = Path.GetDirectoryName(assembly)!,
            };
            foreach (var argument in (string[])[assembly, .. arguments])
            {
                startInfo.ArgumentList.Add(argument);
            }

            foreach (var (key, value) in environment)
            {
                startInfo.Environment[key] = value;
            }

            startInfo.Environment["DOTNET_ENVIRONMENT"] = "Development";
            startInfo.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
            startInfo.Environment["Logging__Console__FormatterName"] = "simple";
            startInfo.Environment["Logging__Console__FormatterOptions__SingleLine"] = "true";
            startInfo.Environment["Logging__Console__FormatterOptions__TimestampFormat"] = "HH:mm:ss.fff ";
            startInfo.Environment["Logging__LogLevel__Microsoft.AspNetCore"] = "Warning";
            startInfo.Environment["Logging__LogLevel__Orleans"] = "Warning";

            var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
            var log = _log = new StreamWriter(LogFile, append: true) { AutoFlush = true };
            log.WriteLine($"==== {DateTime.UtcNow:HH:mm:ss.fff} start {name}");
            process.OutputDataReceived += (_, line) => Write(log, line.Data);
            process.ErrorDataReceived += (_, line) => Write(log, line.Data);
            process.Exited += (_, _) => Write(log, $"==== {DateTime.UtcNow:HH:mm:ss.fff} exited");
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            _process = process;
        }
    }

    /// <summary>kill -9: the process gets no chance to finish anything.</summary>
    public void Kill()
    {
        lock (_gate)
        {
            if (_process is { HasExited: false } process)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
            }
        }
    }

    /// <summary>SIGTERM, as a service manager stops a process; SIGKILL if it has not exited after the grace period.</summary>
    public async Task StopAsync()
    {
        Process? process;
        lock (_gate)
        {
            process = _process is { HasExited: false } running ? running : null;
        }

        if (process is null)
        {
            return;
        }

        Posix.Terminate(process.Id);
        using var grace = new CancellationTokenSource(StopGrace);
        try
        {
            await process.WaitForExitAsync(grace.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
        }
    }

    /// <summary>Waits until the health URL answers 200 (a silo: joined its cluster; an API: reaches its cluster and database).</summary>
    public async Task WaitHealthyAsync(TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var response = await _probe.GetAsync(healthUrl);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            if (!Running)
            {
                throw new InvalidOperationException($"{name} exited before it was healthy; see {LogFile}:\n{Tail()}");
            }

            if (deadline.Elapsed > timeout)
            {
                throw new TimeoutException($"{name} was not healthy at {healthUrl} within {timeout.TotalSeconds:0} s; see {LogFile}:\n{Tail()}");
            }

            await Task.Delay(250);
        }
    }

    /// <summary>The last lines of the log, for a failure message.</summary>
    public string Tail(int lines = 30)
    {
        try
        {
            using var stream = new FileStream(LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            return string.Join('\n', reader.ReadToEnd().Split('\n').TakeLast(lines));
        }
        catch (IOException)
        {
            return "(no log)";
        }
    }

    public void Dispose()
    {
        Kill();
        lock (_gate)
        {
            _process?.Dispose();
            _log?.Dispose();
        }

        _probe.Dispose();
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            log.WriteLine(line);
        }
    }
}
