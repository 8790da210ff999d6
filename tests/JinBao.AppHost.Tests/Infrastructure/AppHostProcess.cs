using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace JinBao.AppHost.Tests.Infrastructure;

/// <summary>The real AppHost, run as <c>dotnet JinBao.AppHost.dll</c> in a child process whose output the test reads.</summary>
public sealed class AppHostProcess : IAsyncDisposable
{
    public const int SigTerm = 15;
    public const int SigKill = 9;

    private readonly Process _process;
    private readonly Lock _gate = new();
    private readonly List<string> _lines = [];
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Found)> _waiters = [];

    private AppHostProcess(Process process) => _process = process;

    /// <summary>Where the build put the AppHost (recorded by src/AppHost/ProjectPaths.targets).</summary>
    public static string AssemblyPath =>
        typeof(AppHostProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "JinBao.AppHost").Value!;

    public int Id => _process.Id;

    /// <summary>
    /// Starts the AppHost on <paramref name="topologyFile"/> with its data in <paramref name="dataFolder"/> and, since
    /// <c>ConnectionStrings__postgres</c> is removed, a PostgreSQL server of its own; the dashboard listens on
    /// <paramref name="dashboardPort"/> (OTLP and the resource service on free ports); <paramref name="arguments"/>
    /// follow (e.g. <c>--demo-persons 40</c>). The settings are those of the AppHost's <c>http</c> launch profile.
    /// </summary>
    public static AppHostProcess Start(string dataFolder, string topologyFile, int dashboardPort, params string[] arguments)
    {
        var startInfo = new ProcessStartInfo(DotnetHost())
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var argument in (string[])[AssemblyPath, $"--JinBao:Topology={topologyFile}", .. arguments])
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment.Remove("ConnectionStrings__postgres");
        startInfo.Environment["JINBAO_APPHOST_DATA"] = dataFolder;
        startInfo.Environment["NO_COLOR"] = "1";
        startInfo.Environment["DOTNET_ENVIRONMENT"] = "Development";
        startInfo.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        startInfo.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{dashboardPort}";
        startInfo.Environment["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = $"http://127.0.0.1:{TestTopology.FreePort()}";
        startInfo.Environment["ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL"] = $"http://127.0.0.1:{TestTopology.FreePort()}";
        startInfo.Environment["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true";
        return Launch(startInfo);
    }

    /// <summary>
    /// Runs a developer's command line (e.g. <c>dotnet run --project src/AppHost -- --demo-persons 40</c>) with bash at
    /// the repository root, as typed in a terminal: the launch profile's ports and settings, its own PostgreSQL, and only
    /// the data folder moved to <paramref name="dataFolder"/> (<c>JINBAO_APPHOST_DATA</c>, as docs/apphost.md says).
    /// </summary>
    public static AppHostProcess StartCommand(string commandLine, string dataFolder)
    {
        var startInfo = new ProcessStartInfo("bash")
        {
            WorkingDirectory = ShellWalkthrough.RepositoryRoot,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        startInfo.ArgumentList.Add("-c");
        startInfo.ArgumentList.Add(commandLine);
        startInfo.Environment.Remove("ConnectionStrings__postgres");
        startInfo.Environment["JINBAO_APPHOST_DATA"] = dataFolder;
        startInfo.Environment["NO_COLOR"] = "1";
        return Launch(startInfo);
    }

    private static AppHostProcess Launch(ProcessStartInfo startInfo)
    {
        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        var appHost = new AppHostProcess(process);
        process.OutputDataReceived += (_, e) => appHost.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => appHost.OnLine(e.Data);
        process.Exited += (_, _) => appHost.OnExited();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return appHost;
    }

    /// <summary>The first line (already printed or still to come) that <paramref name="match"/> accepts.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan timeout, string what)
    {
        var found = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_lines.FirstOrDefault(match) is { } line)
            {
                return line;
            }

            if (_process.HasExited)
            {
                throw new Xunit.Sdk.XunitException($"The AppHost exited (code {_process.ExitCode}) before printing {what}.\n{Tail()}");
            }

            _waiters.Add((match, found));
        }

        try
        {
            return await found.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new Xunit.Sdk.XunitException($"The AppHost did not print {what} within {timeout.TotalSeconds} s.\n{Tail()}");
        }
        catch (InvalidOperationException ex)
        {
            throw new Xunit.Sdk.XunitException($"{ex.Message} before printing {what}.\n{Tail()}");
        }
    }

    public bool Printed(string text)
    {
        lock (_gate)
        {
            return _lines.Any(line => line.Contains(text, StringComparison.Ordinal));
        }
    }

    public void Signal(int signal) => Kill(_process.Id, signal);

    /// <summary>The exit code, once the AppHost has exited and its output is fully read.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        try
        {
            await _process.WaitForExitAsync().WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new Xunit.Sdk.XunitException($"The AppHost did not exit within {timeout.TotalSeconds} s.\n{Tail()}");
        }

        return _process.ExitCode;
    }

    /// <summary>The last lines of output, for failure messages.</summary>
    public string Tail(int count = 80)
    {
        lock (_gate)
        {
            return string.Join('\n', _lines.TakeLast(count));
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Only after a failed test: the children are in sessions of their own, but still descendants, so the tree kill reaches them.
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    /// <summary>Sends a signal to any process (false when it is gone).</summary>
    public static bool Kill(int processId, int signal) => SysKill(processId, signal) == 0;

    // The AppHost runs on the same dotnet as this test: <root>/shared/Microsoft.NETCore.App/<version>/ is the runtime.
    private static string DotnetHost()
    {
        var root = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "..", "..", ".."));
        var dotnet = Path.Combine(root, "dotnet");
        return File.Exists(dotnet) ? dotnet : "dotnet";
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            _lines.Add(line);
            foreach (var waiter in _waiters.Where(w => w.Match(line)).ToList())
            {
                waiter.Found.TrySetResult(line);
                _waiters.Remove(waiter);
            }
        }
    }

    private void OnExited()
    {
        lock (_gate)
        {
            foreach (var waiter in _waiters)
            {
                waiter.Found.TrySetException(new InvalidOperationException($"The AppHost exited (code {_process.ExitCode})"));
            }

            _waiters.Clear();
        }
    }


    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SysKill(int pid, int sig);
}
