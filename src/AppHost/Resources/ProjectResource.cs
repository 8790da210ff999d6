using System.Diagnostics;

using JinBao.AppHost.Running;

namespace JinBao.AppHost.Resources;

/// <summary>
/// A .NET project run as <c>dotnet &lt;its dll&gt;</c> (a silo, an API): started once its dependencies are healthy,
/// ready when its health URL answers 200, restarted with exponential back-off when it exits unexpectedly, stopped
/// with SIGTERM (a graceful shutdown) and killed only if that takes longer than its stop timeout.
/// </summary>
public sealed class ProjectResource : Resource
{
    // A project that keeps dying before it was ever healthy is misconfigured; failing start-up says so sooner.
    private const int MaxFailuresBeforeFirstHealthy = 5;

    private static readonly TimeSpan StartingProbeInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan RunningProbeInterval = TimeSpan.FromSeconds(2);

    // Healthy this long before crashing counts as a fresh crash, not as the next step of a crash loop.
    private static readonly TimeSpan StableAfter = TimeSpan.FromSeconds(30);

    private readonly string _assemblyPath;
    private readonly ChildRegistry _registry;
    private readonly List<string> _arguments = [];
    private readonly Dictionary<string, Func<string>> _environment = new(StringComparer.Ordinal);
    private readonly List<(string Label, string Path, bool CheckServed)> _urls = [];
    private readonly List<(int Port, string Purpose)> _ports = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private ChildProcess? _process;
    private Task? _supervisor;
    private bool _stopRequested;
    private int? _httpPort;
    private string? _healthPath;
    private TimeSpan _stopTimeout = TimeSpan.FromSeconds(30);

    internal ProjectResource(string name, string kind, string assemblyPath, ChildRegistry registry, ConsoleLog log)
        : base(name, kind, log)
    {
        _assemblyPath = assemblyPath;
        _registry = registry;

        // As Aspire does for its projects: a local run is a development run, and one log line per entry keeps the
        // prefixed, interleaved output readable.
        WithEnvironment("DOTNET_ENVIRONMENT", "Development");
        WithEnvironment("ASPNETCORE_ENVIRONMENT", "Development");
        WithEnvironment("Logging__Console__FormatterName", "simple");
        WithEnvironment("Logging__Console__FormatterOptions__SingleLine", "true");
        WithEnvironment("Logging__Console__FormatterOptions__TimestampFormat", "HH:mm:ss ");

        // The ASP.NET template's default, set here too: otherwise every health probe logs four request lines.
        WithEnvironment("Logging__LogLevel__Microsoft.AspNetCore", "Warning");
    }

    public override bool Restarts => true;

    public override IReadOnlyList<ResourceUrl> Urls =>
        [.. _urls.Select(url => new ResourceUrl(url.Label, BaseUrl + url.Path, url.CheckServed))];

    public override IReadOnlyList<(int Port, string Purpose)> Ports =>
        _httpPort is { } http ? [(http, "HTTP"), .. _ports] : _ports;

    private string BaseUrl => $"http://127.0.0.1:{_httpPort}";

    // The build output holds the project's appsettings.json, which the host reads from its content root, the working directory.
    private string WorkingDirectory => Path.GetDirectoryName(_assemblyPath)!;

    public ProjectResource WithArgs(params string[] arguments)
    {
        _arguments.AddRange(arguments);
        return this;
    }

    public ProjectResource WithEnvironment(string name, string value) => WithEnvironment(name, () => value);

    /// <summary>An environment variable whose value is only known when the process starts (a database's port).</summary>
    public ProjectResource WithEnvironment(string name, Func<string> value)
    {
        _environment[name] = value;
        return this;
    }

    /// <summary>Passes the database as <c>ConnectionStrings__&lt;connectionName&gt;</c>, as Aspire's WithReference does.</summary>
    public ProjectResource WithReference(DatabaseResource database, string connectionName) =>
        WithEnvironment($"ConnectionStrings__{connectionName}", () => database.ConnectionString);

    /// <summary>The port on 127.0.0.1 where the project serves HTTP (its health check and URLs).</summary>
    public ProjectResource WithHttpEndpoint(int port)
    {
        _httpPort = port;
        return this;
    }

    /// <summary>Ready means <c>GET <paramref name="path"/></c> answers 200.</summary>
    public ProjectResource WithHttpHealthCheck(string path)
    {
        _healthPath = path;
        return this;
    }

    /// <summary>
    /// A URL to print. With <paramref name="checkServed"/> the table says when it does not answer 200, e.g. the
    /// OpenAPI page of an API version that does not serve one yet.
    /// </summary>
    public ProjectResource WithUrl(string label, string path, bool checkServed = false)
    {
        _urls.Add((label, path, checkServed));
        return this;
    }

    /// <summary>Another port the project listens on, checked free before start-up.</summary>
    public ProjectResource WithPort(int port, string purpose)
    {
        _ports.Add((port, purpose));
        return this;
    }

    public ProjectResource WithDescription(string description)
    {
        Description = description;
        return this;
    }

    public ProjectResource WithStopTimeout(TimeSpan timeout)
    {
        _stopTimeout = timeout;
        return this;
    }

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        _supervisor = Task.Run(SuperviseAsync, CancellationToken.None);
        await FirstHealthy.WaitAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken force)
    {
        ChildProcess? process;
        lock (_gate)
        {
            _stopRequested = true;
            process = _process;
            if (process is { Exited.IsCompleted: false })
            {
                SetState(ResourceState.Stopping);
            }
        }

        await _stopping.CancelAsync();
        if (process is { Exited.IsCompleted: false })
        {
            Log.Info($"Stopping {Name} (pid {process.Id}).");
            process.Terminate();
            try
            {
                await process.Exited.WaitAsync(_stopTimeout, force);
            }
            catch (TimeoutException)
            {
                Log.Error($"{Name} did not stop within {_stopTimeout.TotalSeconds} s of SIGTERM; killing it.");
                process.Kill();
            }
            catch (OperationCanceledException)
            {
                process.Kill();
            }

            await process.Exited;
        }

        if (_supervisor is not null)
        {
            await _supervisor;
        }

        SetState(ResourceState.Stopped);
    }

    private async Task SuperviseAsync()
    {
        try
        {
            var crashLoop = 0;
            var failuresBeforeHealthy = 0;
            while (true)
            {
                ChildProcess process;
                lock (_gate)
                {
                    if (_stopRequested)
                    {
                        return;
                    }

                    SetState(ResourceState.Starting);
                    process = ChildProcess.Start(Name, Executables.Dotnet, [_assemblyPath, .. _arguments], WorkingDirectory, ResolveEnvironment(), Log);
                    _process = process;
                }

                _registry.Add(process.Id, Name);
                Log.Info($"{Name} started (pid {process.Id}){(RestartCount > 0 ? $", restart #{RestartCount}" : "")}.");
                var healthyFor = await MonitorAsync(process);
                var exitCode = await process.Exited;
                _registry.Remove(process.Id);
                lock (_gate)
                {
                    _process = null;
                }

                process.Dispose();
                if (_stopRequested)
                {
                    Log.Info($"{Name} stopped (exit code {exitCode}).");
                    return;
                }

                if (FirstHealthy.IsCompleted)
                {
                    crashLoop = healthyFor >= StableAfter ? 1 : crashLoop + 1;
                }
                else if (++failuresBeforeHealthy >= MaxFailuresBeforeFirstHealthy)
                {
                    SetState(ResourceState.Failed, $"exited {failuresBeforeHealthy} times before becoming healthy (last exit code {exitCode}); see its output above");
                    Log.Error($"{Name} exited {failuresBeforeHealthy} times before becoming healthy (last exit code {exitCode}); giving up.");
                    return;
                }
                else
                {
                    crashLoop++;
                }

                var restart = CountRestart();
                var delay = Backoff.Delay(crashLoop);
                SetState(ResourceState.Restarting, $"exit code {exitCode}; restart #{restart} in {delay.TotalSeconds:0} s");
                Log.Error($"{Name} exited unexpectedly with code {exitCode}; restart #{restart} in {delay.TotalSeconds:0} s.");
                try
                {
                    await Task.Delay(delay, _stopping.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is AppHostException or System.ComponentModel.Win32Exception or IOException)
        {
            SetState(ResourceState.Failed, ex.Message);
            Log.Error($"{Name} could not be started: {ex.Message}");
        }
    }

    // Probes the health URL until the process exits or is being stopped; returns how long it was healthy.
    private async Task<TimeSpan> MonitorAsync(ChildProcess process)
    {
        var started = Stopwatch.StartNew();
        Stopwatch? healthy = null;
        while (!process.Exited.IsCompleted && !_stopRequested)
        {
            var (ok, answer) = _httpPort is null || _healthPath is null
                ? (true, "started")
                : await ProbeAsync();
            lock (_gate)
            {
                if (process.Exited.IsCompleted || _stopRequested)
                {
                    break;
                }

                if (ok && State != ResourceState.Healthy)
                {
                    var again = FirstHealthy.IsCompleted;
                    SetState(ResourceState.Healthy);
                    healthy ??= Stopwatch.StartNew();
                    Log.Info(again ? $"{Name} is healthy again." : $"{Name} is healthy ({started.Elapsed.TotalSeconds:0.0} s after its start).");
                }
                else if (!ok && State == ResourceState.Healthy)
                {
                    SetState(ResourceState.Unhealthy, answer);
                    Log.Error($"{Name} is unhealthy: {_healthPath} answered {answer}.");
                }
            }

            var interval = State == ResourceState.Healthy ? RunningProbeInterval : StartingProbeInterval;
            await Task.WhenAny(process.Exited, Task.Delay(interval, _stopping.Token));
        }

        return healthy?.Elapsed ?? TimeSpan.Zero;
    }

    private async Task<(bool Ok, string Answer)> ProbeAsync()
    {
        try
        {
            return await HealthProbe.GetAsync(BaseUrl + _healthPath, _stopping.Token);
        }
        catch (OperationCanceledException)
        {
            return (false, "stopping");
        }
    }

    private Dictionary<string, string> ResolveEnvironment() =>
        _environment.ToDictionary(variable => variable.Key, variable => variable.Value(), StringComparer.Ordinal);
}
