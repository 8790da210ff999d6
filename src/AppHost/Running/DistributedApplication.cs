using System.Diagnostics;

using JinBao.AppHost.Resources;

namespace JinBao.AppHost.Running;

/// <summary>
/// Runs a declared resource graph: checks its ports, starts each resource once everything it waits for is healthy,
/// prints the resource table when all are healthy, and on Ctrl+C stops each resource only after everything that
/// waits for it has stopped (APIs, then silos, then PostgreSQL).
/// </summary>
public sealed class DistributedApplication
{
    /// <summary>The line a script or test waits for; it begins with this text.</summary>
    public const string AllHealthyMarker = "All resources are healthy";

    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(150);

    private readonly IReadOnlyList<Resource> _resources;
    private readonly AppHostOptions _options;
    private readonly ConsoleLog _log;
    private readonly ChildRegistry _children;
    private readonly IReadOnlyList<Func<CancellationToken, Task>> _afterHealthy;

    internal DistributedApplication(IReadOnlyList<Resource> resources, AppHostOptions options, ConsoleLog log, ChildRegistry children, IReadOnlyList<Func<CancellationToken, Task>> afterHealthy)
    {
        _afterHealthy = afterHealthy;
        _resources = resources;
        _options = options;
        _log = log;
        _children = children;
    }

    public static DistributedApplicationBuilder CreateBuilder(AppHostOptions options, ConsoleLog log) => new(options, log);

    /// <summary>Runs until a stop signal; 0 after a clean stop, 1 when start-up failed.</summary>
    public async Task<int> RunAsync()
    {
        using var signals = new ShutdownSignals(_log);
        using var dataLock = DataFolderLock.Acquire(_options.DataFolder);
        await _children.StopOrphansAsync();
        CheckPorts();
        foreach (var resource in _resources)
        {
            resource.Preflight();
        }

        if (!ChildProcess.OwnSession)
        {
            _log.Error("setsid was not found: Ctrl+C will reach the silos and APIs directly, not in dependency order.");
        }

        var started = false;
        try
        {
            started = await StartAllAsync(signals.Stopping);
            if (started)
            {
                var elapsed = DateTime.Now - Process.GetCurrentProcess().StartTime;
                _log.Block(await ResourceTable.RenderAsync(_resources));
                _log.Info($"{AllHealthyMarker}: {_resources.Count} started in {elapsed.TotalSeconds:0.0} s. Press Ctrl+C to stop them all.");
                var work = Task.WhenAll(_afterHealthy.Select(w => RunAfterHealthyAsync(w, signals.Stopping)));
                await WaitForStopSignalAsync(signals.Stopping);
                await work;
            }
        }
        finally
        {
            await StopAllAsync(signals.Force);
        }

        return started || signals.Stopping.IsCancellationRequested ? 0 : 1;
    }

    private static async Task WaitForStopSignalAsync(CancellationToken stopping)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, stopping);
        }
        catch (OperationCanceledException)
        {
            // The signal is the normal way out.
        }
    }

    // The work stops when the signal comes; a failure of it is reported but does not take the resources down.
    private async Task RunAfterHealthyAsync(Func<CancellationToken, Task> work, CancellationToken stopping)
    {
        try
        {
            await Task.Run(() => work(stopping), CancellationToken.None);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopped by Ctrl+C, as asked.
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _log.Error($"The work after start-up failed: {ex.GetType().Name}: {ex.Message}");
        }
    }

    private void CheckPorts()
    {
        var busy = _resources.SelectMany(r => r.Ports.Select(p => (Resource: r.Name, p.Port, p.Purpose)))
            .Where(p => !PortCheck.IsFree(p.Port))
            .Select(p => $"  - port {p.Port} ({p.Resource} {p.Purpose}) is already in use on 127.0.0.1")
            .ToList();
        if (busy.Count > 0)
        {
            throw new AppHostException(
                "Cannot start: ports of the topology are taken.\n" + string.Join('\n', busy)
                + $"\nFind the process with `ss -ltnp 'sport = :<port>'`, stop it, or change the ports in {_options.TopologyFile}.");
        }
    }

    private async Task<bool> StartAllAsync(CancellationToken stopping)
    {
        var starts = new Dictionary<Resource, Task>();
        foreach (var resource in _resources)
        {
            // Declaration order is a topological order: WaitFor can only name a resource declared earlier.
            starts[resource] = StartWhenReadyAsync(resource, starts, stopping);
        }

        try
        {
            await Task.WhenAll(starts.Values).WaitAsync(StartupTimeout, stopping);
            return true;
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            _log.Info("Stopping before start-up finished.");
            return false;
        }
        catch (TimeoutException)
        {
            _log.Error($"Start-up failed: not every resource was healthy within {StartupTimeout.TotalSeconds} s.");
        }
        catch (AppHostException ex)
        {
            _log.Error($"Start-up failed: {ex.Message}");
        }

        _log.Block(await ResourceTable.RenderAsync(_resources));
        return false;
    }

    private static async Task StartWhenReadyAsync(Resource resource, Dictionary<Resource, Task> starts, CancellationToken stopping)
    {
        try
        {
            await Task.WhenAll(resource.Dependencies.Select(d => starts[d]));
        }
        catch (Exception) when (!stopping.IsCancellationRequested)
        {
            var failed = resource.Dependencies.Where(d => starts[d].IsFaulted).Select(d => d.Name);
            resource.Abandon($"waited for {string.Join(", ", failed)}, which did not start");
            throw;
        }

        stopping.ThrowIfCancellationRequested();
        await resource.StartAsync(stopping);
    }

    private async Task StopAllAsync(CancellationToken force)
    {
        var stops = new Dictionary<Resource, Task>();
        foreach (var resource in _resources.Reverse())
        {
            var dependents = _resources.Where(r => r.Dependencies.Contains(resource)).Select(r => stops[r]).ToList();
            stops[resource] = StopAfterAsync(resource, dependents, force);
        }

        await Task.WhenAll(stops.Values);
        _log.Info("Everything the AppHost started has stopped.");
    }

    private async Task StopAfterAsync(Resource resource, IReadOnlyList<Task> dependents, CancellationToken force)
    {
        await Task.WhenAll(dependents);
        try
        {
            await resource.StopAsync(force);
        }
        catch (Exception ex) when (ex is AppHostException or IOException or InvalidOperationException)
        {
            _log.Error($"{resource.Name} did not stop cleanly: {ex.Message}");
        }
    }
}
