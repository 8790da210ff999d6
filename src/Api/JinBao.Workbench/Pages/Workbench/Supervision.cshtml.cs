using System.Globalization;
using System.Text;

using JinBao.Workbench.Backend;
using JinBao.Workbench.Hosting;
using JinBao.Workbench.Texts;

using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace JinBao.Workbench.Pages.Workbench;

/// <summary>
/// Supervision and decisions (监管与决策), for supervisors: the city's alerts (acknowledge, resolve with a note) and the
/// province's live figures as charts, each downloadable as CSV. The charts' data is shaped here, once, for the chart,
/// its screen-reader table and its CSV alike; the page's script polls <see cref="OnGetDataAsync"/> to redraw them.
/// </summary>
[Authorize(Policy = WorkbenchHosting.SupervisorPolicy)]
public sealed class SupervisionModel(TimeProvider clock) : WorkbenchPage
{
    public const int AlertLimit = 100;

    private static readonly TimeSpan ChinaTime = TimeSpan.FromHours(8);

    private static readonly string[] Statuses = ["open", "acknowledged", "resolved"];

    /// <summary>Alerts shown: <c>open</c>, <c>acknowledged</c>, <c>resolved</c>, or all (empty).</summary>
    [BindProperty(SupportsGet = true, Name = "status")]
    public string? StatusFilter { get; set; }

    public IReadOnlyList<AlertDto> Alerts { get; private set; } = [];

    public Dashboard? Board { get; private set; }

    /// <summary>A refusal of the statistics route, shown in the dashboard's place (the alerts may still show).</summary>
    public string? DashboardProblem { get; private set; }

    public string Province => Session.City.Province.Value;

    /// <summary>The national roll-up (全国汇总); null where there is none (a standalone cluster) or national did not answer.</summary>
    public NationalStatisticsDto? National { get; private set; }

    /// <summary>Why the national roll-up is missing when national did not answer (a standalone cluster shows nothing).</summary>
    public string? NationalProblem { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        StatusFilter = Statuses.Contains(StatusFilter) ? StatusFilter : null;
        var (alerts, stop) = await CallAsync(api => api.GetAlertsAsync(Session.City.Value, StatusFilter, AlertLimit));
        if (stop is not null)
        {
            return stop;
        }

        Alerts = alerts ?? [];
        var alertsProblem = Problem;
        Problem = null;
        var (statistics, stopStatistics) = await CallAsync(api => api.GetStatisticsAsync(Province));
        if (stopStatistics is not null)
        {
            return stopStatistics;
        }

        DashboardProblem = Problem;
        Problem = alertsProblem;
        Board = statistics is null ? null : Shape(statistics);
        try
        {
            National = await Api.GetNationalStatisticsAsync();
        }
        catch (WorkbenchApiException exception) when (exception.Status == 404)
        {
            National = null; // standalone: no national cluster to ask
        }
        catch (WorkbenchApiException exception) when (exception.Status != 401)
        {
            NationalProblem = L.T("全国汇总暂时无法获取（国家平台未应答），稍后再试。", "The national roll-up cannot be read now (national did not answer); try again shortly.")
                + $" ({exception.Code})";
        }

        return Page();
    }

    /// <summary>A province's contributions to date (both account parts), in yuan.</summary>
    public static decimal ContributionsYuan(StatisticsDto figures) =>
        (figures.ContributionsByMonth ?? []).Sum(m => m.IndividualFen + m.PooledFen) / 100m;

    /// <summary>Transfers not yet final.</summary>
    public static long OpenTransfers(StatisticsDto figures) =>
        (figures.TransfersByStatus ?? []).Where(t => t.Status is not ("Completed" or "Rejected" or "Cancelled")).Sum(t => t.Count);

    /// <summary>The latest payment run: its month and amount in yuan, or null.</summary>
    public static PaymentMonthFiguresDto? LatestPayments(StatisticsDto figures) => (figures.PaymentsByMonth ?? []).MaxBy(p => p.Month, StringComparer.Ordinal);

    /// <summary>How far a national adjustment got in <paramref name="province"/>, by that province's latest summary; null before it told.</summary>
    public static NationalAdjustmentProgressDto? AdjustmentProgress(NationalStatisticsDto national, NationalAdjustmentDto adjustment, string province) =>
        national.Provinces.FirstOrDefault(p => p.Province == province)?.Figures.NationalAdjustments?.FirstOrDefault(a => a.EffectiveMonth == adjustment.EffectiveMonth);

    /// <summary>A national adjustment as a supervisor reads it: from when, how much, and the notice.</summary>
    public static string AdjustmentText(NationalAdjustmentDto adjustment, WorkbenchText text)
    {
        var raise = adjustment.FixedFen == 0
            ? $"+{adjustment.Percent.ToString("0.####", CultureInfo.InvariantCulture)} %"
            : $"+{adjustment.Percent.ToString("0.####", CultureInfo.InvariantCulture)} % + {adjustment.FixedFen / 100m:N2} {text.T("元/月", "yuan a month")}";
        return $"{text.T("自", "from")} {adjustment.EffectiveMonth}: {raise} ({adjustment.Description})";
    }

    /// <summary>A span in the largest unit that keeps it readable: seconds, minutes, hours or days.</summary>
    public static string DurationText(TimeSpan span, WorkbenchText text) => span switch
    {
        { TotalSeconds: < 10 } => $"{Math.Max(0, span.TotalSeconds):0.0} {text.T("秒", "s")}",
        { TotalSeconds: < 120 } => $"{span.TotalSeconds:0} {text.T("秒", "s")}",
        { TotalMinutes: < 120 } => $"{span.TotalMinutes:0} {text.T("分钟", "min")}",
        { TotalHours: < 48 } => $"{span.TotalHours:0.#} {text.T("小时", "h")}",
        _ => $"{span.TotalDays:0.#} {text.T("天", "days")}",
    };

    /// <summary>The dashboard as JSON, polled by the page every few seconds (401 when the session has ended).</summary>
    public async Task<IActionResult> OnGetDataAsync()
    {
        var (statistics, stop) = await CallAsync(api => api.GetStatisticsAsync(Province));
        if (stop is not null)
        {
            return StatusCode(401);
        }

        Response.Headers.CacheControl = "no-store";
        return statistics is null ? new JsonResult(new { problem = Problem }) : new JsonResult(Shape(statistics));
    }

    /// <summary>One chart's data as CSV for Excel: UTF-8 with a byte-order mark, CRLF, the header in the page's language.</summary>
    public async Task<IActionResult> OnGetCsvAsync(string? chart)
    {
        var (statistics, stop) = await CallAsync(api => api.GetStatisticsAsync(Province));
        if (stop is not null)
        {
            return stop;
        }

        if (statistics is null)
        {
            return Problem is null ? NotFound() : StatusCode(502, Problem);
        }

        var shaped = Shape(statistics).Charts.FirstOrDefault(c => c.Id == chart);
        if (shaped is null)
        {
            return NotFound();
        }

        var stamp = clock.GetUtcNow().ToOffset(ChinaTime).ToString("yyyyMMdd-HHmm", CultureInfo.InvariantCulture);
        return File(ToCsv(shaped), "text/csv; charset=utf-8", $"supervision-{shaped.Id}-{Province}-{stamp}.csv");
    }

    public async Task<IActionResult> OnPostAcknowledgeAsync(string key, string alertId)
    {
        var (alert, stop) = await CallAsync(api => api.AcknowledgeAlertAsync(Session.City.Value, alertId, key));
        return stop ?? await DoneAsync(alert is null ? null : L.T($"已确认预警：{L.Rule(alert.Rule)}（{alert.Subject}）。", $"Acknowledged: {L.Rule(alert.Rule)} ({alert.Subject})."));
    }

    public async Task<IActionResult> OnPostResolveAsync(string key, string alertId, string? note)
    {
        var (alert, stop) = await CallAsync(api => api.ResolveAlertAsync(Session.City.Value, alertId, key, note?.Trim() ?? ""));
        return stop ?? await DoneAsync(alert is null ? null : L.T($"已处理完毕：{L.Rule(alert.Rule)}（{alert.Subject}）。", $"Resolved: {L.Rule(alert.Rule)} ({alert.Subject})."));
    }

    /// <summary>A time as China time, the way the workbench prints it.</summary>
    public static string China(DateTimeOffset? at, string format = "yyyy-MM-dd HH:mm") =>
        at is { } value ? value.ToOffset(ChinaTime).ToString(format, CultureInfo.InvariantCulture) : "—";

    /// <summary>The idempotency key of the <paramref name="index"/>th form of this rendering (one key per change).</summary>
    public string KeyOf(int index, string action) => $"{FormKey}-{action}-{index.ToString(CultureInfo.InvariantCulture)}";

    private async Task<IActionResult> DoneAsync(string? notice)
    {
        if (Problem is null && notice is not null)
        {
            Notice = notice;
            return RedirectToPage(new { status = StatusFilter });
        }

        // The API refused: show its reason above the list as it stands now.
        var problem = Problem;
        var result = await OnGetAsync();
        Problem = problem;
        return result;
    }

    /// <summary>The statistics as the page's charts: labels, series and a one-line summary, all in the page's language.</summary>
    public Dashboard Shape(StatisticsDto s)
    {
        var invariant = CultureInfo.InvariantCulture;
        var yuan = L.T("元", "yuan");
        var charts = new List<ChartData>();

        var months = (s.ContributionsByMonth ?? []).GroupBy(m => m.Month).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        charts.Add(new ChartData("contributions", "bar", L.T("每月缴费额（个人账户 + 统筹基金）", "Contributions by month (individual + pooled)"), L.T("月份", "Month"),
            [.. months.Select(g => g.Key)],
            [
                new ChartSeries(L.T($"缴费额（{yuan}）", $"Contributions ({yuan})"), [.. months.Select(g => Yuan(g.Sum(m => m.IndividualFen + m.PooledFen)))], "yuan"),
                new ChartSeries(L.T("申报笔数", "Declarations"), [.. months.Select(g => (double)g.Sum(m => m.Declarations))], "count", "y1", "line"),
            ]));

        var statuses = (s.TransfersByStatus ?? []).ToList();
        charts.Add(new ChartData("transfers", "bar", L.T("转移案件状态分布", "Transfers by status"), L.T("状态", "Status"),
            [.. statuses.Select(t => L.Step(t.Status))],
            [new ChartSeries(L.T("案件数", "Transfers"), [.. statuses.Select(t => (double)t.Count)], "count")]));

        var steps = (s.OnTimeByStep ?? []).ToList();
        charts.Add(new ChartData("timeliness", "bar", L.T("各环节按期 / 超期办理", "On time and late, by step"), L.T("环节", "Step"),
            [.. steps.Select(t => L.Step(t.Step))],
            [
                new ChartSeries(L.T("按期", "On time"), [.. steps.Select(t => (double)t.OnTime)], "count"),
                new ChartSeries(L.T("超期", "Late"), [.. steps.Select(t => (double)t.Late)], "count"),
            ], Stacked: true));

        // The on-time rate over time: of the steps done in a month, the share done by their statutory due date.
        var stepMonths = (s.OnTimeByMonth ?? []).Where(m => m.OnTime + m.Late > 0).OrderBy(m => m.Month, StringComparer.Ordinal).ToList();
        charts.Add(new ChartData("on-time-trend", "line", L.T("办结按期率（按月）", "On-time rate of steps, by month"), L.T("月份", "Month"),
            [.. stepMonths.Select(m => m.Month)],
            [
                new ChartSeries(L.T("按期率（%）", "On time (%)"), [.. stepMonths.Select(m => Math.Round(100.0 * m.OnTime / (m.OnTime + m.Late), 1))], "percent"),
                new ChartSeries(L.T("办结环节数", "Steps done"), [.. stepMonths.Select(m => (double)(m.OnTime + m.Late))], "count", "y1", "bar"),
            ]));

        var flows = (s.TransferFlows ?? []).OrderByDescending(f => f.Transfers).ThenBy(f => f.FromProvince, StringComparer.Ordinal).ToList();
        charts.Add(new ChartData("flows", "bar", L.T("跨省转移流向（转出省 → 转入省）", "Transfer flows (from → to province)"), L.T("流向", "Flow"),
            [.. flows.Select(f => $"{Region(f.FromProvince)} → {Region(f.ToProvince)}")],
            [new ChartSeries(L.T("转移申请数", "Transfers applied"), [.. flows.Select(f => (double)f.Transfers)], "count")], Horizontal: true));

        var hours = (s.SettlementsByHour ?? []).OrderBy(h => h.Hour).ToList();
        charts.Add(new ChartData("settlements", "bar", L.T("每小时医疗结算（北京时间）", "Medical settlements per hour (China time)"), L.T("小时", "Hour"),
            [.. hours.Select(h => h.Hour.ToOffset(ChinaTime).ToString("MM-dd HH:00", invariant))],
            [
                new ChartSeries(L.T("结算笔数", "Settlements"), [.. hours.Select(h => (double)h.Settlements)], "count"),
                new ChartSeries(L.T($"基金支付（{yuan}）", $"Fund paid ({yuan})"), [.. hours.Select(h => Yuan(h.FundFen))], "yuan", "y1", "line"),
            ]));

        var payments = (s.PaymentsByMonth ?? []).OrderBy(p => p.Month, StringComparer.Ordinal).ToList();
        charts.Add(new ChartData("payments", "bar", L.T("每月养老金发放", "Pension payment runs by month"), L.T("月份", "Month"),
            [.. payments.Select(p => p.Month)],
            [
                new ChartSeries(L.T($"发放金额（{yuan}）", $"Amount paid ({yuan})"), [.. payments.Select(p => Yuan(p.AmountFen))], "yuan"),
                new ChartSeries(L.T("领取人数", "Payees"), [.. payments.Select(p => (double)p.Payees)], "count", "y1", "line"),
            ]));

        // Fund balances: the ledger's accounts that hold money (clearing and payable accounts included), largest first.
        var balances = (s.FundBalances ?? []).Where(b => b.BalanceFen != 0).OrderByDescending(b => Math.Abs(b.BalanceFen)).ThenBy(b => b.Account, StringComparer.Ordinal).ToList();
        charts.Add(new ChartData("balances", "bar", L.T("基金账户余额（账本实时）", "Fund balances by ledger account (the ledger now)"), L.T("账户", "Account"),
            [.. balances.Select(b => AccountName(b.Account))],
            [new ChartSeries(L.T($"余额（{yuan}）", $"Balance ({yuan})"), [.. balances.Select(b => Yuan(b.BalanceFen))], "yuan")], Horizontal: true));

        var asOf = s.LastEventAt ?? clock.GetUtcNow();
        return new Dashboard(
            China(asOf, "yyyy-MM-dd HH:mm:ss"),
            s.EventsCounted,
            L.T($"数据截至 {China(asOf, "yyyy-MM-dd HH:mm:ss")}（北京时间），已统计业务事件 {s.EventsCounted:N0} 条",
                $"Data as of {China(asOf, "yyyy-MM-dd HH:mm:ss")} (China time); {s.EventsCounted:N0} business events counted"),
            L.T($"刷新于 {China(clock.GetUtcNow(), "HH:mm:ss")}", $"Refreshed at {China(clock.GetUtcNow(), "HH:mm:ss")}"),
            [.. charts.Select(c => c with { Summary = Summarise(c) })],
            [.. (s.Cities ?? []).OrderBy(c => c.City, StringComparer.Ordinal).Select(c => new CityRow(L.City(c.City), c.Enrolments, c.Declarations, c.OpenTransfers, c.OverdueTransfers, c.Deaths))]);
    }

    /// <summary>What a chart shows, in a sentence, for its aria-label.</summary>
    private string Summarise(ChartData chart)
    {
        if (chart.Labels.Count == 0)
        {
            return L.T($"{chart.Title}：暂无数据。", $"{chart.Title}: no data yet.");
        }

        var parts = chart.Series.Select(series =>
        {
            var max = series.Data.Select((v, i) => (v, i)).MaxBy(p => p.v);
            return L.T($"{series.Label}合计 {Format(series, series.Data.Sum())}，最高为 {chart.Labels[max.i]}（{Format(series, max.v)}）",
                $"{series.Label}: total {Format(series, series.Data.Sum())}, highest {chart.Labels[max.i]} ({Format(series, max.v)})");
        });
        return L.T($"{chart.Title}图表，共 {chart.Labels.Count} 项；", $"{chart.Title} chart, {chart.Labels.Count} items; ") + string.Join(L.T("；", "; "), parts) + L.T("。详见下方数据表。", ". The data table follows.");
    }

    /// <summary>A value as the table and the CSV print it: yuan with two decimals, counts as whole numbers.</summary>
    public static string Format(ChartSeries series, double value) => value.ToString("#,##" + Digits(series), CultureInfo.InvariantCulture);

    /// <summary>A unit's digits: yuan to the fen, a rate to a tenth of a percent, counts whole.</summary>
    private static string Digits(ChartSeries series) => series.Unit switch
    {
        "yuan" => "0.00",
        "percent" => "0.0",
        _ => "0",
    };

    /// <summary>The chart's table as CSV: the header in the page's language, one row per label, RFC 4180 quoting.</summary>
    public static byte[] ToCsv(ChartData chart)
    {
        var text = new StringBuilder();
        text.AppendJoin(',', new[] { chart.XLabel }.Concat(chart.Series.Select(s => s.Label)).Select(Quote)).Append("\r\n");
        for (var i = 0; i < chart.Labels.Count; i++)
        {
            var row = new[] { chart.Labels[i] }.Concat(chart.Series.Select(s => s.Data[i].ToString(Digits(s), CultureInfo.InvariantCulture)));
            text.AppendJoin(',', row.Select(Quote)).Append("\r\n");
        }

        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    private static string Quote(string field) =>
        field.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? '"' + field.Replace("\"", "\"\"", StringComparison.Ordinal) + '"' : field;

    private static double Yuan(long fen) => (double)(fen / 100m);

    /// <summary>A ledger account as a supervisor names it: the place, then what the account is (<c>440300:pooled-fund</c> → 深圳市 统筹基金).</summary>
    private string AccountName(string account)
    {
        var parts = account.Split(':');
        var kind = parts.Length > 1 ? parts[1] : account;
        var name = kind switch
        {
            "individual-account" => L.T("个人账户", "individual accounts"),
            "pooled-fund" => L.T("统筹基金", "pooled fund"),
            "transfer-clearing" => L.T("转移待清算", "transfers to clear"),
            "national-clearing" => L.T("全国清算", "national clearing"),
            "clearing" => L.T("省际清算", "inter-province clearing"),
            "contribution-collection" => L.T("征缴归集", "contributions collected"),
            "interest-income" => L.T("利息收入", "interest income"),
            "refunds-payable" => L.T("应退款", "refunds payable"),
            "medical-fund" => L.T("医保统筹基金", "medical fund"),
            "medical-payable" => L.T("异地就医应付", "off-site care payable"),
            "medical-prepaid" => L.T("异地就医预付", "off-site care prepaid"),
            "medical-hospitals" => L.T("应付医疗机构", "payable to hospitals"),
            "medical-clearing" => L.T("医疗清算", "medical clearing"),
            "pension-fund" => L.T("养老金支出户", "pension fund"),
            "bank-payable" => L.T("应付银行", "payable to banks"),
            _ => kind,
        };
        var rest = parts.Length > 2 ? " " + (Primitives.RegionCode.TryParse(parts[2], out _) ? Region(parts[2]) : parts[2]) : "";
        return $"{Region(parts[0])} {name}{rest}";
    }

    private string Region(string code) =>
        Primitives.RegionCode.TryParse(code, out var region) ? (L.IsEnglish ? region.EnglishName : region.Name) : code;
}

/// <summary>The dashboard: as-of text, the charts, the cities' counts (what the page renders and its script redraws).</summary>
public sealed record Dashboard(string AsOf, long Events, string AsOfText, string RefreshedText, IReadOnlyList<ChartData> Charts, IReadOnlyList<CityRow> Cities);

/// <summary>
/// One chart: <paramref name="Kind"/> is Chart.js's type; a series on axis <c>y1</c> is drawn against a second scale
/// (amounts beside counts), and a series may be drawn as a line over bars.
/// </summary>
public sealed record ChartData(string Id, string Kind, string Title, string XLabel, IReadOnlyList<string> Labels, IReadOnlyList<ChartSeries> Series,
    bool Stacked = false, bool Horizontal = false, string Summary = "");

/// <summary>A chart's series: label (with its unit), values, unit (<c>yuan</c>, <c>percent</c> or <c>count</c>), axis and drawing.</summary>
public sealed record ChartSeries(string Label, IReadOnlyList<double> Data, string Unit, string Axis = "y", string? Type = null);

public sealed record CityRow(string City, long Enrolments, long Declarations, int OpenTransfers, int OverdueTransfers, long Deaths);
