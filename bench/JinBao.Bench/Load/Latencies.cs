using HdrHistogram;

namespace JinBao.Bench.Load;

/// <summary>
/// Latencies of one load phase in an HdrHistogram (microseconds, 3 significant digits, up to two minutes): exact
/// percentiles however many operations, safe to record from many threads at once.
/// </summary>
public sealed class Latencies
{
    private const long MaxMicroseconds = 120_000_000;

    private readonly LongConcurrentHistogram _histogram = new(1, 1, MaxMicroseconds, 3);

    public long Count => _histogram.TotalCount;

    /// <summary>One histogram of several phases' latencies (e.g. two phases of the same system, before and after another's).</summary>
    public static Latencies Combine(params IEnumerable<Latencies> phases)
    {
        var combined = new Latencies();
        foreach (var phase in phases)
        {
            combined._histogram.Add(phase._histogram);
        }

        return combined;
    }

    public void Record(TimeSpan elapsed) =>
        _histogram.RecordValue((long)Math.Clamp(elapsed.TotalMicroseconds, 1, MaxMicroseconds));

    /// <summary>The latency at <paramref name="percentile"/> (0–100) in milliseconds; NaN when nothing was recorded.</summary>
    public double Milliseconds(double percentile) =>
        Count == 0 ? double.NaN : _histogram.GetValueAtPercentile(percentile) / 1000.0;
}
