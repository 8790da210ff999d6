namespace JinBao.Bench.Report;

/// <summary>How a figure compares with the same-run pgbench limit.</summary>
public enum LimitComparison
{
    /// <summary>A rate: ÷ pgbench single-row upserts per second.</summary>
    UpsertRate,

    /// <summary>A rate of reads: ÷ pgbench point selects per second.</summary>
    SelectRate,

    /// <summary>A time per operation: ÷ pgbench's mean upsert latency at the same client count.</summary>
    UpsertLatency,

    /// <summary>WAL bytes per operation: ÷ pgbench's WAL bytes per upsert.</summary>
    UpsertWal,

    /// <summary>Write transactions per operation: already a count of durable commits (shown as the share of the limit one operation uses).</summary>
    Commits,

    /// <summary>A size, or CPU time split by process: no pgbench figure to compare with.</summary>
    None,
}

/// <summary>One row of the results table.</summary>
/// <param name="Scenario">The scenario (e.g. "medical settlement").</param>
/// <param name="Measure">What is measured (e.g. "sustained rate at p99 ≤ 25 ms").</param>
/// <param name="Unit">The value's unit.</param>
/// <param name="JinBao">JinBao's value; NaN when not reached.</param>
/// <param name="Baseline">The conventional baseline's value, when the scenario has one.</param>
/// <param name="Comparison">How the value is compared with pgbench.</param>
/// <param name="Note">A short qualifier (e.g. "not reached: 1,430/s achieved").</param>
public sealed record Figure(string Scenario, string Measure, string Unit, double JinBao, double? Baseline, LimitComparison Comparison, string? Note = null);
