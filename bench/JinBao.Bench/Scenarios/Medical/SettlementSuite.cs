using JinBao.Bench.Load;

namespace JinBao.Bench.Scenarios.Medical;

/// <summary>What one system (JinBao or the baseline) achieved at settlements.</summary>
public sealed record SettlementSuiteResult(PhaseMeasurement ClosedLoop, double SustainedRate, LoadResult? SustainedStep, IReadOnlyList<LoadResult> SearchSteps, IReadOnlyList<LoadResult> FixedRates)
{
    /// <summary>The search step with the lowest p99 among those that kept up with their rate: how close the target was.</summary>
    public LoadResult? LowestP99 => SearchSteps.Where(s => s.ReachedOfferedRate).MinBy(s => s.P99);
}

/// <summary>
/// The settlement measurements, the same for both systems: a closed loop at the run's client count (throughput,
/// latency, cost), the highest open-loop rate whose p99 stays within 25 ms, and p50/p99 at fixed offered rates.
/// </summary>
public static class SettlementSuite
{
    public const double TargetP99Ms = 25;
    public static readonly double[] FixedRates = [500, 1000, 2000];
    private const int SearchSteps = 6;

    public static async Task<SettlementSuiteResult> RunAsync(BenchContext context, IReadOnlyList<(string, string)> databases, Func<long, Task> settle)
    {
        var settings = context.Settings;
        long sequence = 0;
        Task Next(long _) => settle(Interlocked.Increment(ref sequence));

        var closed = await PhaseMeasurement.MeasureAsync(context.Postgres.ServerConnectionString, databases,
            () => ClosedLoop.RunAsync(settings.Clients, settings.ClosedLoopDuration, long.MaxValue, Next));

        // Bisect the offered rate between nothing and a little above the closed loop's throughput.
        double low = 0, high = Math.Max(50, closed.Load.PerSecond * 1.2);
        LoadResult? best = null;
        var steps = new List<LoadResult>();
        for (var step = 0; step < (settings.Quick ? 2 : SearchSteps); step++)
        {
            var rate = Math.Round((low + high) / 2);
            var result = await OpenLoop.RunAsync(rate, settings.OpenLoopStep, Next);
            steps.Add(result);
            Console.WriteLine($"    open loop {rate:0}/s: p99 {result.P99:0.0} ms, {result.PerSecond:0}/s{(result.ReachedOfferedRate ? "" : " (rate not reached)")}");
            if (result.ReachedOfferedRate && result.P99 <= TargetP99Ms)
            {
                low = rate;
                best = result;
            }
            else
            {
                high = rate;
            }
        }

        var fixedRates = new List<LoadResult>();
        foreach (var rate in FixedRates)
        {
            var result = await OpenLoop.RunAsync(rate, settings.OpenLoopStep, Next);
            Console.WriteLine($"    fixed {rate:0}/s: p50 {result.P50:0.0} ms, p99 {result.P99:0.0} ms, {result.PerSecond:0}/s{(result.ReachedOfferedRate ? "" : " (rate not reached)")}");
            fixedRates.Add(result);
        }

        return new SettlementSuiteResult(closed, best?.OfferedPerSecond ?? double.NaN, best, steps, fixedRates);
    }
}
