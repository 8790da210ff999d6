using JinBao.AppHost.Running;

namespace JinBao.AppHost.Resources;

/// <summary>
/// One node of the application graph (PostgreSQL, a database, a silo, an API), in the spirit of Aspire's
/// resources: it is declared in code, starts only once everything it <see cref="WaitFor"/>s is healthy, and stops
/// only after everything that waits for it has stopped.
/// </summary>
public abstract class Resource
{
    private readonly List<Resource> _dependencies = [];
    private readonly TaskCompletionSource _firstHealthy = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _restartCount;

    protected Resource(string name, string kind, ConsoleLog log)
    {
        Name = name;
        Kind = kind;
        Log = log;
    }

    /// <summary>Unique name, used as the log prefix: <c>silo-440300</c>.</summary>
    public string Name { get; }

    /// <summary><c>postgres</c>, <c>database</c>, <c>silo</c>, <c>api</c>.</summary>
    public string Kind { get; }

    public ResourceState State { get; private set; } = ResourceState.Waiting;

    /// <summary>Why it is in its state when that needs saying: an exit code, a failure.</summary>
    public string? StateDetail { get; private set; }

    /// <summary>How often it was restarted after exiting unexpectedly.</summary>
    public int RestartCount => Volatile.Read(ref _restartCount);

    /// <summary>One line saying what this is, for the resource table: <c>prov-440000 · Guangzhou</c>.</summary>
    public string Description { get; protected set; } = "";

    /// <summary>Whether restarting applies to it (a process does; a migration runs once).</summary>
    public virtual bool Restarts => false;

    public IReadOnlyList<Resource> Dependencies => _dependencies;

    /// <summary>The addresses to print once everything is healthy.</summary>
    public virtual IReadOnlyList<ResourceUrl> Urls => [];

    /// <summary>Ports on 127.0.0.1 this resource will listen on, checked free before anything starts.</summary>
    public virtual IReadOnlyList<(int Port, string Purpose)> Ports => [];

    /// <summary>Completes the first time the resource is healthy; faults if it fails for good.</summary>
    public Task FirstHealthy => _firstHealthy.Task;

    protected ConsoleLog Log { get; }

    /// <summary>Start this only after <paramref name="dependency"/> is healthy, and stop it before that.</summary>
    internal void AddDependency(Resource dependency)
    {
        if (ReferenceEquals(dependency, this))
        {
            throw new ArgumentException($"{Name} cannot wait for itself.", nameof(dependency));
        }

        if (!_dependencies.Contains(dependency))
        {
            _dependencies.Add(dependency);
        }
    }

    /// <summary>
    /// Checks, before anything starts, what would make this resource fail for certain (PostgreSQL not installed),
    /// so the user gets one message instead of a half-started topology.
    /// </summary>
    /// <exception cref="AppHostException">It cannot start.</exception>
    public virtual void Preflight()
    {
    }

    /// <summary>Starts the resource and completes once it is healthy; throws if it cannot be started.</summary>
    public abstract Task StartAsync(CancellationToken cancellationToken);

    /// <summary>Stops the resource gracefully; <paramref name="force"/> cancelled means "now" (a second Ctrl+C).</summary>
    public abstract Task StopAsync(CancellationToken force);

    /// <summary>Called when a dependency failed, so this one will never start.</summary>
    public void Abandon(string reason)
    {
        SetState(ResourceState.Failed, reason);
        _firstHealthy.TrySetException(new AppHostException($"{Name} did not start: {reason}"));
    }

    protected void SetState(ResourceState state, string? detail = null)
    {
        State = state;
        StateDetail = detail;
        if (state == ResourceState.Healthy)
        {
            _firstHealthy.TrySetResult();
        }
        else if (state == ResourceState.Failed)
        {
            _firstHealthy.TrySetException(new AppHostException($"{Name} failed: {detail}"));
        }
    }

    protected int CountRestart() => Interlocked.Increment(ref _restartCount);
}
