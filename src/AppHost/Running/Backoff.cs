namespace JinBao.AppHost.Running;

/// <summary>How long to wait before restarting a process that exited: 1 s, 2 s, 4 s ... capped at 30 s.</summary>
public static class Backoff
{
    public static readonly TimeSpan First = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan Cap = TimeSpan.FromSeconds(30);

    /// <summary>The delay before restart number <paramref name="consecutiveFailure"/> (1-based) of a crash loop.</summary>
    public static TimeSpan Delay(int consecutiveFailure)
    {
        // Beyond 2^5 s the cap applies anyway; capping the exponent keeps the arithmetic far from overflow.
        var exponent = Math.Clamp(consecutiveFailure - 1, 0, 5);
        var delay = First * (1 << exponent);
        return delay < Cap ? delay : Cap;
    }
}
