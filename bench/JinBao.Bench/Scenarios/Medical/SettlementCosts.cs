using System.Globalization;
using System.Text;

using JinBao.Bench.Load;
using JinBao.Bench.Report;

namespace JinBao.Bench.Scenarios.Medical;

/// <summary>The cost of one operation in both systems (writes, WAL, CPU) and where PostgreSQL spent its time.</summary>
public static class SettlementCosts
{
    public static void Report(BenchmarkReport report, string scenario, PhaseMeasurement jinBao, PhaseMeasurement baseline)
    {
        report.Add(new Figure(scenario, "write transactions per op", "", jinBao.WritesPerOperation.WriteTransactions, baseline.WritesPerOperation.WriteTransactions, LimitComparison.Commits));
        report.Add(new Figure(scenario, "state writes + appended rows per op", "rows", jinBao.WritesPerOperation.StateWrites + jinBao.WritesPerOperation.AppendedRows,
            baseline.WritesPerOperation.StateWrites + baseline.WritesPerOperation.AppendedRows, LimitComparison.None,
            $"state {jinBao.WritesPerOperation.StateWrites:0.##} + rows {jinBao.WritesPerOperation.AppendedRows:0.##} / state {baseline.WritesPerOperation.StateWrites:0.##} + rows {baseline.WritesPerOperation.AppendedRows:0.##}"));
        report.Add(new Figure(scenario, "WAL per op", "bytes", jinBao.WritesPerOperation.WalBytes, baseline.WritesPerOperation.WalBytes, LimitComparison.UpsertWal));
        report.Add(new Figure(scenario, "CPU per op, .NET (driver + silos)", "ms", jinBao.CpuPerOperation.Process * 1000, baseline.CpuPerOperation.Process * 1000, LimitComparison.None));
        report.Add(new Figure(scenario, "CPU per op, PostgreSQL", "ms", jinBao.CpuPerOperation.Postgres * 1000, baseline.CpuPerOperation.Postgres * 1000, LimitComparison.None));

        report.AddSection($"Profile: {scenario}, closed loop", Profile(jinBao, "JinBao") + Profile(baseline, "Baseline"));
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
