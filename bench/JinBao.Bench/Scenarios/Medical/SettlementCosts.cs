using System.Globalization;
using System.Text;

using JinBao.Bench.Load;
using JinBao.Bench.Report;

namespace JinBao.Bench.Scenarios.Medical;

/// <summary>The cost of one operation in both systems (writes, WAL, CPU) and where PostgreSQL spent its time.</summary>
public static class SettlementCosts
{
    /// <param name="baseline">The baseline's phase; null where the scenario has none (its column then shows —).</param>
    public static void Report(BenchmarkReport report, string scenario, PhaseMeasurement jinBao, PhaseMeasurement? baseline)
    {
        var (j, b) = (jinBao.WritesPerOperation, baseline?.WritesPerOperation);
        report.Add(new Figure(scenario, "write transactions per op", "", j.WriteTransactions, b?.WriteTransactions, LimitComparison.Commits));
        report.Add(new Figure(scenario, "state writes + appended rows per op", "rows", j.StateWrites + j.AppendedRows, b is null ? null : b.StateWrites + b.AppendedRows, LimitComparison.None,
            $"state {j.StateWrites:0.##} + rows {j.AppendedRows:0.##}" + (b is null ? "" : $" / state {b.StateWrites:0.##} + rows {b.AppendedRows:0.##}")));
        report.Add(new Figure(scenario, "WAL per op", "bytes", j.WalBytes, b?.WalBytes, LimitComparison.UpsertWal));
        report.Add(new Figure(scenario, "CPU per op, .NET (driver + silos)", "ms", jinBao.CpuPerOperation.Process * 1000, baseline?.CpuPerOperation.Process * 1000, LimitComparison.None));
        report.Add(new Figure(scenario, "CPU per op, PostgreSQL", "ms", jinBao.CpuPerOperation.Postgres * 1000, baseline?.CpuPerOperation.Postgres * 1000, LimitComparison.None));

        report.AddSection($"Profile: {scenario}, closed loop", Profile(jinBao, "JinBao") + (baseline is null ? "" : Profile(baseline, "Baseline")));
    }

    private static string Profile(PhaseMeasurement phase, string system)
    {
        var text = new StringBuilder();
        var cpu = phase.CpuPerOperation;
        text.AppendLine(CultureInfo.InvariantCulture,
            $"**{system}** — {phase.Load.Completed:N0} ops in {phase.WallSeconds:0.0} s. Machine CPU per op {cpu.Machine * 1000:0.00} ms: " +
            $".NET process {cpu.Process * 1000:0.00} ms, PostgreSQL {cpu.Postgres * 1000:0.00} ms, other processes {cpu.Other * 1000:0.00} ms " +
            $"(2 cores = {2000.0 / Math.Max(phase.Load.PerSecond, 1):0.00} ms of machine per op at this rate).").AppendLine();
        text.AppendLine("| PostgreSQL wait (share of active-backend samples) | share |").AppendLine("| --- | ---: |");
        foreach (var (wait, share) in phase.Waits)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {wait} | {share:P0} |");
        }

        text.AppendLine().AppendLine("| Top statements by execution time | calls | total ms | mean ms |").AppendLine("| --- | ---: | ---: | ---: |");
        foreach (var (query, calls, total, mean) in phase.Statements)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| `{query.Replace("|", "\\|", StringComparison.Ordinal)}` | {calls:N0} | {total:N0} | {mean:0.000} |");
        }

        return text.AppendLine().ToString();
    }
}
