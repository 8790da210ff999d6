using System.Globalization;
using System.Text;

using JinBao.Bench.Machine;

namespace JinBao.Bench.Report;

/// <summary>Collects the figures and the scenarios' own sections, and writes BENCHMARKS.md.</summary>
public sealed class BenchmarkReport
{
    private readonly List<Figure> _figures = [];
    private readonly List<(string Title, string Body)> _sections = [];

    public PgbenchResult? Upsert { get; set; }

    public PgbenchResult? Select { get; set; }

    /// <summary>Silos of the national cluster in the topology the scenarios ran on.</summary>
    public int NationalSilos { get; set; }

    /// <summary>The settlement rule's mean time from the microbenchmarks (NaN when they did not run).</summary>
    public double RuleMicroseconds { get; set; } = double.NaN;

    public void Add(Figure figure) => _figures.Add(figure);

    public void AddSection(string title, string body) => _sections.Add((title, body));

    public string Render(string header)
    {
        var text = new StringBuilder(header);
        text.AppendLine("## Results").AppendLine();
        text.AppendLine("| Scenario | Figure | JinBao | vs pgbench (same run) | Baseline | JinBao ÷ baseline | Note |");
        text.AppendLine("| --- | --- | ---: | ---: | ---: | ---: | --- |");
        foreach (var figure in _figures)
        {
            text.Append(CultureInfo.InvariantCulture, $"| {figure.Scenario} | {figure.Measure} | {Value(figure.JinBao, figure.Unit)} | {VersusLimit(Milliseconds(figure), figure.Comparison)} | ");
            text.Append(figure.Baseline is { } baseline ? $"{Value(baseline, figure.Unit)} | {Ratio(figure.JinBao, baseline)} | " : "— | — | ");
            text.AppendLine(CultureInfo.InvariantCulture, $"{figure.Note} |");
        }

        text.AppendLine();
        text.AppendLine("## Targets (issue 16)").AppendLine();
        text.AppendLine("Each checked against the figures above; where one is not met, the section named gives the measured reason.").AppendLine();
        text.AppendLine(Targets.Render(_figures, NationalSilos));
        foreach (var (title, body) in _sections)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"## {title}").AppendLine().AppendLine(body.TrimEnd()).AppendLine();
        }

        return text.ToString();
    }

    /// <summary>The figure against the same-run limit, as a ratio with what it divides by.</summary>
    public string VersusLimit(double value, LimitComparison comparison)
    {
        if (double.IsNaN(value) || Upsert is null || Select is null)
        {
            return "—";
        }

        return comparison switch
        {
            LimitComparison.UpsertRate => $"{Format(value / Upsert.PerSecond)} × upserts/s",
            LimitComparison.SelectRate => $"{Format(value / Select.PerSecond)} × selects/s",
            LimitComparison.UpsertLatency => $"{Format(value / Upsert.MeanLatencyMs)} × upsert latency",
            LimitComparison.UpsertWal => $"{Format(value / Upsert.WalBytesPerTransaction)} × WAL/upsert",
            LimitComparison.Commits => value > 0 ? $"1 op = {Format(value)} commits: ≤ {Number(Upsert.PerSecond / value)}/s" : "—",
            _ => "— (not a rate)",
        };
    }

    /// <summary>Microbenchmark times are in µs; pgbench's latency is in ms.</summary>
    private static double Milliseconds(Figure figure) => figure.Unit == "µs" ? figure.JinBao / 1000 : figure.JinBao;

    public static string Number(double value) => double.IsNaN(value) ? "not reached"
        : Math.Abs(value) >= 100 ? value.ToString("N0", CultureInfo.InvariantCulture)
        : Math.Abs(value) >= 10 ? value.ToString("N1", CultureInfo.InvariantCulture)
        : value.ToString("N2", CultureInfo.InvariantCulture);

    private static string Value(double value, string unit) => double.IsNaN(value) ? "not reached" : $"{Number(value)} {unit}";

    private static string Ratio(double jinBao, double baseline) =>
        double.IsNaN(jinBao) || double.IsNaN(baseline) || baseline == 0 ? "—" : $"{Format(jinBao / baseline)} ×";

    private static string Format(double ratio) => ratio >= 10 ? ratio.ToString("N0", CultureInfo.InvariantCulture)
        : ratio >= 0.1 ? ratio.ToString("0.00", CultureInfo.InvariantCulture)
        : ratio.ToString("0.000", CultureInfo.InvariantCulture);
}
