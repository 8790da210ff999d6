using System.Globalization;

using JinBao.Bench.Load;
using JinBao.Bench.Machine;
using JinBao.Grains.Effects;
using JinBao.Grains.Storage;

namespace JinBao.Bench.Scenarios.Medical;

/// <summary>Where a settlement's time goes and what would move it, in this run's numbers.</summary>
public static class SettlementAnalysis
{
    /// <summary>Which limit bound this run: the cores (shared with other builds) or the disk.</summary>
    private static string Binding(PhaseMeasurement phase)
    {
        var busy = phase.CpuPerOperation.Machine * phase.Load.PerSecond / Environment.ProcessorCount;
        var other = phase.CpuPerOperation.Other / Math.Max(phase.CpuPerOperation.Machine, 1e-9);
        return busy >= 0.9
            ? $"In this run the cores were {busy:P0} busy during JinBao's closed loop ({other:P0} of that other processes): the CPU, not the disk, was the binding limit."
            : $"In this run the cores were {busy:P0} busy during JinBao's closed loop: the CPU was not the binding limit; with 16 clients the loop is bound by each settlement's latency.";
    }

    private static string Target(string system, SettlementSuiteResult suite)
    {
        var reached = suite.FixedRates.Where(r => r.ReachedOfferedRate).Select(r => r.OfferedPerSecond!.Value.ToString("N0", CultureInfo.InvariantCulture)).ToList();
        var target = double.IsNaN(suite.SustainedRate)
            ? $"never kept p99 ≤ {SettlementSuite.TargetP99Ms:0} ms in the search (lowest p99 {suite.LowestP99?.P99.ToString("0.0", CultureInfo.InvariantCulture) ?? "—"} ms)"
            : $"kept p99 ≤ {SettlementSuite.TargetP99Ms:0} ms up to {suite.SustainedRate.ToString("N0", CultureInfo.InvariantCulture)}/s";
        return $"{system} {target} and reached {(reached.Count == 0 ? "none of the fixed rates" : string.Join(", ", reached) + "/s")}.";
    }

    public static string Write(SettlementSuiteResult jinBao, SettlementSuiteResult baseline, PgbenchResult upsert, double ruleMicroseconds)
    {
        var (j, b) = (jinBao.ClosedLoop, baseline.ClosedLoop);
        var ruleShare = ruleMicroseconds / 1000 / Math.Max(j.CpuPerOperation.Process * 1000, 0.001);
        return string.Create(CultureInfo.InvariantCulture, $"""
            Settlement is the hottest path (a hospital waits at discharge), so it is the one profiled (CPU split, wait events and statements above).

            - **Commits.** JinBao made {j.WritesPerOperation.WriteTransactions:0.00} write transactions per settlement, the baseline {b.WritesPerOperation.WriteTransactions:0.00}. JinBao's grain storage (`JinBaoGrainStorage`) writes a grain's state and its effects (ledger legs, audit event, settlement row) in one transaction, and `GroupCommit` sends the writes of all grains of a silo that are waiting at that moment as one batch, which PostgreSQL runs as one implicit transaction: one round trip and one fsync for many settlements. The baseline cannot share a commit between settlements: each holds its person's row lock until its own commit. {j.Wal():P0} of JinBao's active-backend samples and {b.Wal():P0} of the baseline's waited on WAL write/flush (pgbench: {upsert.PerSecond:N0} single-row upserts/s, one commit each).
            - **CPU.** {Binding(j)} JinBao's process (16 clients plus the four silos: Orleans messaging between silos, grain storage JSON, Npgsql) used {j.CpuPerOperation.Process * 1000:0.00} ms per settlement, the baseline's {b.CpuPerOperation.Process * 1000:0.00} ms; PostgreSQL {j.CpuPerOperation.Postgres * 1000:0.00} vs {b.CpuPerOperation.Postgres * 1000:0.00} ms (fewer statements, round trips and commits). The rule itself (BenchmarkDotNet) is {ruleMicroseconds:0.0} µs, {ruleShare:P1} of JinBao's .NET time: the rules are not where the time goes; the .NET time is mostly Orleans messaging (the client's call to the account, which crosses between the two silos for half the persons), the state's JSON and Npgsql.
            - **Closed loop against open loop.** With 16 clients the closed loop measures latency more than capacity (16 ÷ p50): the measured closed-loop ratio is {j.Load.PerSecond / Math.Max(b.Load.PerSecond, 1):0.00}. The open loop shows capacity: {Target("JinBao", jinBao)} {Target("The baseline", baseline)} Where a fixed rate was not reached, the table shows the completion rate achieved instead; the more settlements arrive at once, the larger JinBao's batches and the fewer its commits per settlement. A single durable upsert took {upsert.MeanLatencyMs:0.00} ms on average at 16 clients, and fsync stalls from other work on the same disk land in every tail.
            - **State size.** The account keeps the year's accumulators and its latest settlements; every settlement is a row of `jinbao_medical_settlements`, so a write does not grow with the person's history ({j.WritesPerOperation.WalBytes:N0} WAL bytes per settlement here; the medical-history scenario measures 200 settlements per person).

            What would move it next: a gateway that routes a hospital's call to the silo holding the account (no cross-silo hop); a leaner state serialization than JSON for the hot accounts; a PostgreSQL on faster fsync for the tails.
            """);
    }
}
