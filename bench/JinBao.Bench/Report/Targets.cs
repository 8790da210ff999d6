using System.Globalization;
using System.Text;

using JinBao.Bench.Scenarios.EventStream;

namespace JinBao.Bench.Report;

/// <summary>
/// Issue 16's targets, each checked against this run's figures: met or not, with where to read why. A target whose
/// scenario did not run (<c>--only</c>) is left out.
/// </summary>
public static class Targets
{
    private const string Medical = "medical settlement";
    private const string Transfer = "pension transfer";

    private sealed record Target(string Goal, string Scenario, string Measure, Func<Figure, IReadOnlyList<Figure>, double> Value, Func<double, bool> Met, string Unit, string Why)
    {
        /// <summary>The reason to show, where it depends on the run's figures.</summary>
        public Func<IReadOnlyList<Figure>, string>? WhyFrom { get; init; }
    }

    private static readonly Target[] All =
    [
        new("medical: closed-loop throughput ≥ 1.5 × the baseline's", Medical, "completed (closed loop, 16 clients)", Ratio, v => v >= 1.5, "×",
            "Where the time goes: medical settlement"),
        new("medical: ≤ 1.1 write transactions per settlement", Medical, "write transactions per op", (f, _) => f.JinBao, v => v <= 1.1, "",
            "Where the time goes: medical settlement"),
        new("medical: p99 ≤ 25 ms at 500/s offered (open loop)", Medical, "p99 at 500/s offered", (f, _) => f.JinBao, v => v <= 25, "ms",
            "the open-loop rows above: a fixed rate's p99 is set by the slowest 1 % of commits (the limit: fsync stalls of a disk shared with other work; the baseline's p99 beside it has them too); next: PostgreSQL's WAL on a disk of its own"),
        new("events: publishing business events costs ≤ 10 % of settlement throughput (1 − on ÷ off, closed loop)", EventStreamReport.Scenario,
            "completed (closed loop, 16 clients)", (f, _) => f.Baseline is { } off && off > 0 ? 100 * (1 - f.JinBao / off) : double.NaN, v => v <= 10, "%",
            EventStreamReport.Section),
        new("transfer: ≤ 15 write transactions across the three databases", Transfer, "write transactions per op", (f, _) => f.JinBao, v => v <= 15, "",
            "Where the time goes: pension transfer"),
        new("transfer: .NET CPU ≤ 10 ms", Transfer, "CPU per op, .NET (driver + silos)", (f, _) => f.JinBao, v => v <= 10, "ms",
            "Where the time goes: pension transfer (no hotspot: Orleans messaging, Kestrel and HttpClient, Npgsql, JSON and ECDSA, all in one process here)"),
        new("transfer: p50 ≤ 150 ms, apply → completed", Transfer, "p50 time per transfer", (f, _) => f.JinBao, v => v <= 150, "ms",
            "Where the time goes: pension transfer (the cores are busy: each hop waits for one)"),
        new("transfer: p99 ≤ 500 ms", Transfer, "p99 time per transfer", (f, _) => f.JinBao, v => v <= 500, "ms", "Where the time goes: pension transfer"),
        new("transfer: throughput ≥ 1.0 × the baseline's", Transfer, "completed (closed loop, 16 clients)", Ratio, v => v >= 1.0, "×",
            "Where the time goes: pension transfer (its limit paragraph) — CPU-bound on the two cores, with three clusters' silos and databases on one machine; the baseline does none of the signing, storing and forwarding between provinces"),
        new("person grain: ≤ 4 KB managed memory with 12 months", "person grains", "memory per active person grain", (f, _) => f.JinBao, v => v <= 4096, "bytes",
            "the person-grain rows of the results")
        {
            WhyFrom = figures => Find(figures, "person grains", "memory per active person grain, enrolled with no month") is { } bare
                && Find(figures, "person grains", "memory per active person grain") is { } full
                ? string.Create(CultureInfo.InvariantCulture,
                    $"a person enrolled with no month costs {BenchmarkReport.Number(bare.JinBao)} bytes (the Orleans activation and the state's empty collections), the twelve months the other {BenchmarkReport.Number(full.JinBao - bare.JinBao)} (see Where the time goes: person grains); next: the interest history as an array")
                : "the person-grain rows of the results",
        },
        new("settlements: flat cost with 200 per person (write transactions, settlements 181–200 ÷ 1–20 ≤ 1.2)", "medical settlement, history",
            "write transactions per settlement, settlements 181–200", (late, all) => late.JinBao / Find(all, "medical settlement, history", "write transactions per settlement, settlements 1–20")?.JinBao ?? double.NaN,
            v => v <= 1.2, "×", "Flat cost with history: medical settlement"),
        new("payment run: 1,000,000 retirees ≤ 30 s", "monthly payment run", "1,000,000 retirees, first month: payees paid per second", (f, _) => 1_000_000 / f.JinBao, v => v <= 30, "s",
            "the payment run's rows above"),
    ];

    public static string Render(IReadOnlyList<Figure> figures, int nationalSilos)
    {
        var text = new StringBuilder();
        text.AppendLine("| Target | This run | Met | Where the reason is |");
        text.AppendLine("| --- | ---: | :---: | --- |");
        foreach (var target in All)
        {
            if (Find(figures, target.Scenario, target.Measure) is not { } figure)
            {
                continue;
            }

            var value = target.Value(figure, figures);
            var met = !double.IsNaN(value) && target.Met(value);
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {target.Goal} | {(double.IsNaN(value) ? "not reached" : $"{BenchmarkReport.Number(value)} {target.Unit}".TrimEnd())} | {(met ? "yes" : "**no**")} | {(met ? "" : target.WhyFrom?.Invoke(figures) ?? target.Why)} |");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"| national cluster: two silos, not one point of slowness | {nationalSilos} | {(nationalSilos >= 2 ? "yes" : "**no**")} | {(nationalSilos >= 2 ? "" : "run without `--national-silos 1`")} |");
        return text.ToString();
    }

    private static Figure? Find(IReadOnlyList<Figure> figures, string scenario, string measure) =>
        figures.FirstOrDefault(f => f.Scenario == scenario && f.Measure == measure);

    private static double Ratio(Figure figure, IReadOnlyList<Figure> _) => figure.Baseline is { } baseline && baseline > 0 ? figure.JinBao / baseline : double.NaN;
}
