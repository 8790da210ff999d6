using System.Globalization;

using JinBao.Bench.Load;
using JinBao.Bench.Machine;

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
            ? $"In this run the cores were {busy:P0} busy during JinBao's closed loop ({other:P0} of that other processes): the CPU, not the disk, was the binding limit, so the second commit cost less than that halving."
            : $"In this run the cores were {busy:P0} busy during JinBao's closed loop: the disk, not the CPU, was the binding limit.";
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

            - **Commits and CPU.** JinBao makes {j.WritesPerOperation.WriteTransactions:0.00} write transactions per settlement, the baseline {b.WritesPerOperation.WriteTransactions:0.00}: the grain saves its state (the decision and its pending ledger and audit effects together) in one transaction, then `EffectWriter` inserts the ledger legs and the audit event in a second. A durable commit is a scarce resource here (pgbench: {upsert.PerSecond:N0} single-row upserts/s; {j.Wal():P0} of JinBao's active-backend samples and {b.Wal():P0} of the baseline's waited on WAL write/flush), so on a disk-bound machine two commits give JinBao about half the settlements one commit gives the baseline. {Binding(j)} The measured closed-loop ratio is {j.Load.PerSecond / Math.Max(b.Load.PerSecond, 1):0.00}.
            - **CPU.** JinBao's process (16 clients plus the four silos: Orleans messaging, grain storage JSON, Npgsql) used {j.CpuPerOperation.Process * 1000:0.00} ms per settlement, the baseline's {b.CpuPerOperation.Process * 1000:0.00} ms; PostgreSQL {j.CpuPerOperation.Postgres * 1000:0.00} vs {b.CpuPerOperation.Postgres * 1000:0.00} ms. The rule itself (BenchmarkDotNet) is {ruleMicroseconds:0.0} µs, {ruleShare:P1} of JinBao's .NET time: the rules are not where the time goes.
            - **The state grows with every settlement.** `MedicalAccountState.Settlements` keeps every settlement of the person, and each write rewrites the whole state: {j.WritesPerOperation.WalBytes:N0} WAL bytes per settlement here (persons held a handful of settlements each by the end); a person with hundreds of settlements a year pays proportionally more per write, in both designs as built here.
            - **Latency targets.** {Target("JinBao", jinBao)} {Target("The baseline", baseline)} Where a fixed rate was not reached, the table shows the completion rate achieved instead. A single durable upsert took {upsert.MeanLatencyMs:0.00} ms on average at 16 clients, and fsync stalls from the other builds on the same disk land in every tail.

            What would move it, in order of effect:
            1. **One commit per settlement**: write the effects in the state write's transaction (a grain storage provider that appends the outbox/ledger rows in the same transaction), or let `EffectWriter` piggyback on the next write; halves JinBao's commits.
            2. **Group commit** (`commit_delay`/`commit_siblings`) or a disk with a faster fsync: both systems are bound by flushes; pgbench's upsert rate is the ceiling for any one-commit design.
            3. **Keep settled records out of the grain state** (append-only table; keep accumulators and recent settlement ids for idempotency), so each write stays small.
            4. `MedicalAccountGrain` asks the person grain for the insuring city on every call: caching it on activation saves a grain call per settlement.
            """);
    }
}
