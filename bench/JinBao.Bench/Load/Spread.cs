using JinBao.Bench.Report;

namespace JinBao.Bench.Load;

/// <summary>
/// Median and 99th percentile (nearest rank) of durations read back from the databases' timestamps: per document or
/// per settlement, so thousands at most, sorted in memory.
/// </summary>
public readonly record struct Spread(int Count, double P50, double P99)
{
    public static Spread Of(IEnumerable<double> milliseconds)
    {
        var sorted = milliseconds.Where(m => !double.IsNaN(m)).Order().ToArray();
        return sorted.Length == 0 ? new Spread(0, double.NaN, double.NaN) : new Spread(sorted.Length, Rank(sorted, 0.50), Rank(sorted, 0.99));
    }

    /// <summary>"p50 / p99" in ms for a table cell; "—" when nothing was measured.</summary>
    public string Cell => Count == 0 ? "—" : $"{BenchmarkReport.Number(P50)} / {BenchmarkReport.Number(P99)}";

    private static double Rank(double[] sorted, double quantile) => sorted[Math.Clamp((int)Math.Ceiling(quantile * sorted.Length) - 1, 0, sorted.Length - 1)];
}
