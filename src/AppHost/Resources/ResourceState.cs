namespace JinBao.AppHost.Resources;

/// <summary>Where a resource is in its life; shown in the resource table.</summary>
public enum ResourceState
{
    /// <summary>Waiting for the resources it depends on.</summary>
    Waiting,

    /// <summary>Started, not yet answering its health check.</summary>
    Starting,

    Healthy,

    /// <summary>Was healthy, now its health check fails; it is still running.</summary>
    Unhealthy,

    /// <summary>Exited unexpectedly; waiting out its back-off before starting again.</summary>
    Restarting,

    Stopping,
    Stopped,

    /// <summary>Could not start, and will not be retried (a failed migration, PostgreSQL refusing to start).</summary>
    Failed,
}
