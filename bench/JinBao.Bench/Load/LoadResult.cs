namespace JinBao.Bench.Load;

/// <summary>What one load phase achieved.</summary>
/// <param name="Completed">Operations that succeeded.</param>
/// <param name="Failed">Operations that threw (the first error is kept in <paramref name="FirstError"/>).</param>
/// <param name="Duration">Wall time of the phase, from first issue to last completion.</param>
/// <param name="Latencies">Per-operation latency; in an open loop measured from the intended start (no coordinated omission).</param>
/// <param name="OfferedPerSecond">The fixed offered rate of an open loop; null for a closed loop.</param>
/// <param name="NotIssued">Open loop only: operations not started because too many were already in flight.</param>
public sealed record LoadResult(long Completed, long Failed, TimeSpan Duration, Latencies Latencies, double? OfferedPerSecond = null, long NotIssued = 0, string? FirstError = null)
{
    public double PerSecond => Duration <= TimeSpan.Zero ? 0 : Completed / Duration.TotalSeconds;

    public double P50 => Latencies.Milliseconds(50);

    public double P99 => Latencies.Milliseconds(99);

    /// <summary>An open loop reached its rate when nothing was shed or failed and it completed ≥ 95% of the offered rate.</summary>
    public bool ReachedOfferedRate => OfferedPerSecond is not { } offered || (NotIssued == 0 && Failed == 0 && PerSecond >= 0.95 * offered);
}
