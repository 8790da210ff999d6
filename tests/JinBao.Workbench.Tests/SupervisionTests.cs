using System.Text;

using JinBao.Api.Admin;
using JinBao.Medical;
using JinBao.Persons;
using JinBao.Primitives;
using JinBao.Transfers;
using JinBao.Workbench.Tests.Infrastructure;

using Microsoft.Extensions.Configuration;
using Microsoft.Playwright;

namespace JinBao.Workbench.Tests;

/// <summary>
/// Supervision and decisions (监管与决策) in a real browser against the real topology: the province's live charts, a
/// supervision alert raised by the public flow and driven to resolved, a chart's CSV, and a clerk kept out.
/// </summary>
[Collection(WorkbenchCollection.Name)]
public sealed class SupervisionTests(WorkbenchTopology workbench)
{
    private static readonly string[] Charts = ["contributions", "transfers", "timeliness", "flows", "settlements", "payments", "balances", "on-time-trend"];

    [Fact]
    public async Task Supervisor_WatchesTheChartsLive_DrivesASelfDecidedAlertToResolved_AndDownloadsACsv()
    {
        // A person worked in Guangzhou and now works in Shenzhen, whose agency reviews applications by clerk.
        var id = await new Setup(workbench).LeftAsync(RegionCode.Parse(WorkbenchTopology.Guangzhou));
        var shenzhen = RegionCode.Parse(WorkbenchTopology.Shenzhen);
        await workbench.Topology.Guangdong.Grains.GetPersonGrain(id).EnrolAsync(
            new EnrolPerson(RegionCode.Parse(WorkbenchTopology.Chengdu), shenzhen, new DateOnly(2022, 3, 1), new Requester("city:440300/setup", null)));

        // Treated in Chengdu on a referral: three settlements for the hourly chart.
        var chengdu = RegionCode.Parse(WorkbenchTopology.Chengdu);
        var today = DateOnly.FromDateTime(DateTime.Today);
        var medical = workbench.Topology.Guangdong.Grains.GetMedicalAccountGrain(id);
        await medical.FileAsync(new FileForCare(new FilingId("referral"), FilingType.Referral, chengdu, today, today.AddMonths(6), new Requester("city:440300/setup", null)));
        for (var i = 0; i < 3; i++)
        {
            await medical.SettleAsync(new SettleBill(new SettlementId($"{id.Masked}-sv-{i}"), chengdu, today, false,
                [new FeeLine("S90-INSCOPE", 1, Money.FromYuan(8000 + (i * 2000)))], new Requester("city:510100", null)));
        }

        // The supervisor's dashboard draws every chart, and redraws it in place from the statistics as they move.
        var supervisor = await workbench.SignInAsync("li@" + WorkbenchTopology.Shenzhen);
        Assert.Equal(1, await supervisor.Locator("nav a[href='/workbench/supervision']").CountAsync());
        await supervisor.GotoAsync(workbench.GuangdongUrl + "/workbench/supervision");
        Assert.Contains("数据截至", await Expect(supervisor, "[data-testid=as-of]"));
        foreach (var chart in Charts)
        {
            var canvas = supervisor.Locator($"canvas[data-chart={chart}]");
            Assert.Equal(1, await canvas.CountAsync());
            Assert.False(string.IsNullOrWhiteSpace(await canvas.GetAttributeAsync("aria-label")));
            Assert.Equal(1, await supervisor.Locator($".sr-only table[data-chart-table={chart}]").CountAsync());
        }

        await supervisor.WaitForFunctionAsync("() => window.Chart && document.querySelectorAll('canvas[data-chart]').length === 8 && "
            + "[...document.querySelectorAll('canvas[data-chart]')].every(c => window.Chart.getChart(c))");

        // Fund balances come from the ledger itself: the settlements just paid moved the insuring city's medical fund.
        Assert.Contains("医保统筹基金", await supervisor.Locator(".sr-only table[data-chart-table=balances]").TextContentAsync());

        // A clerk of Shenzhen applies at the counter for the person, then decides the same case as the new place.
        var clerk = await workbench.SignInAsync("chen@" + WorkbenchTopology.Shenzhen);
        await clerk.GotoAsync(workbench.GuangdongUrl + "/workbench/counter");
        await clerk.FillAsync("#apply-id", id.Value);
        await clerk.FillAsync("#apply-from", WorkbenchTopology.Guangzhou);
        await clerk.ClickAsync("[data-testid=apply]");
        var link = await clerk.Locator("[data-testid=applied-case]").GetAttributeAsync("href", new LocatorGetAttributeOptions { Timeout = 20_000 })
            ?? throw new InvalidOperationException("no case link");
        var transfer = new TransferId(Guid.Parse(link[(link.LastIndexOf('/') + 1)..]));
        await clerk.GotoAsync($"{workbench.GuangdongUrl}/workbench/cases/{transfer.Value}");
        await clerk.FillAsync("#note", "材料齐全");
        await clerk.ClickAsync("[data-testid=approve]");
        await Expect(clerk, ".notice");
        // Decided at Shenzhen (Guangzhou may then release at once by its policy, which another test of the class sets).
        await Retry.UntilSucceedsAsync(async () =>
        {
            var view = await workbench.Topology.Guangdong.Grains.GetTransferGrain(transfer).GetAsync();
            return view.Status != TransferStatus.Applied ? view : throw new InvalidOperationException($"still {view.Status}");
        }, TimeSpan.FromSeconds(60));

        // Without a reload, the polled dashboard counts the events (the statistics grain reads the event log).
        Assert.True(await Retry.UntilAsync(async () =>
        {
            await Task.Delay(500);
            return await supervisor.EvaluateAsync<bool>(
                "() => Number(document.querySelector('[data-dashboard]').dataset.polls) >= 1"
                + " && window.Chart.getChart(document.querySelector('canvas[data-chart=contributions]'))?.data.labels.length > 0"
                + " && !!window.Chart.getChart(document.querySelector('canvas[data-chart=transfers]'))?.data.datasets[0].data.some(v => v > 0)"
                + " && (window.Chart.getChart(document.querySelector('canvas[data-chart=settlements]'))?.data.datasets[0].data.reduce((a, v) => a + v, 0) ?? 0) >= 3");
        }, TimeSpan.FromSeconds(45)), "the dashboard's charts never showed data: " + await supervisor.EvaluateAsync<string>(
            "() => JSON.stringify({ polls: document.querySelector('[data-dashboard]').dataset.polls, hidden: document.hidden, charts: "
            + "[...document.querySelectorAll('canvas[data-chart]')].map(c => [c.dataset.chart, window.Chart.getChart(c)?.data.labels, window.Chart.getChart(c)?.data.datasets.map(d => d.data)]) })"));
        var events = long.Parse(await supervisor.EvaluateAsync<string>("() => document.querySelector('[data-dashboard]').dataset.events"));
        Assert.True(events > 0);
        Assert.True(await supervisor.Locator("table[data-chart-table=contributions] tbody tr").CountAsync() > 0);

        // The alert appears for Shenzhen's supervisors (raised by a stream consumer: reload until it does).
        var row = supervisor.Locator($"[data-testid=alerts] tr[data-rule=self-decided]:has-text('{id.Masked}')");
        Assert.True(await Retry.UntilAsync(async () =>
        {
            await Task.Delay(1000);
            await supervisor.GotoAsync(workbench.GuangdongUrl + "/workbench/supervision?status=open");
            return await row.CountAsync() == 1;
        }, TimeSpan.FromSeconds(45)), "no self-decided alert reached Shenzhen's supervisors: " + await supervisor.InnerTextAsync("main"));
        Assert.Contains("经办人自办自审", await row.InnerTextAsync());
        Assert.Contains("待处理", await row.Locator("[data-testid=alert-status]").InnerTextAsync());
        Assert.DoesNotContain(id.Value, await supervisor.InnerTextAsync("[data-testid=alerts]")); // masked
        var alertId = await row.GetAttributeAsync("data-alert") ?? throw new InvalidOperationException("no alert id");
        var alert = supervisor.Locator($"[data-testid=alerts] tr[data-alert='{alertId}']");
        await alert.ScrollIntoViewIfNeededAsync();
        await supervisor.Locator("section.supervision-alerts").ScreenshotAsync(new LocatorScreenshotOptions { Path = Screenshots.PathOf("supervision-alert") });

        // Acknowledge: still listed under all statuses, now acknowledged.
        await supervisor.GotoAsync(workbench.GuangdongUrl + "/workbench/supervision");
        await alert.Locator("[data-testid=acknowledge]").ClickAsync();
        Assert.Contains("已确认预警", await Expect(supervisor, ".notice"));
        Assert.Contains("已确认", await alert.Locator("[data-testid=alert-status]").InnerTextAsync());
        Assert.Contains("li@440300", await alert.Locator("[data-testid=alert-status]").InnerTextAsync());
        Assert.Equal(0, await alert.Locator("[data-testid=acknowledge]").CountAsync());

        // Resolving needs a note: the browser asks for it; without the browser's check, the API's refusal shows.
        await supervisor.EvaluateAsync($"() => document.querySelector(\"tr[data-alert='{alertId}'] textarea\").removeAttribute('required')");
        await alert.Locator("[data-testid=resolve]").ClickAsync();
        await Expect(supervisor, ".problem");
        Assert.Contains("已确认", await alert.Locator("[data-testid=alert-status]").InnerTextAsync());

        const string Note = "已核实：本案由科长复核，经办人已接受岗位分离培训";
        await alert.Locator("textarea").FillAsync(Note);
        await alert.Locator("[data-testid=resolve]").ClickAsync();
        Assert.Contains("已处理完毕", await Expect(supervisor, ".notice"));
        Assert.Contains("已处理完毕", await alert.Locator("[data-testid=alert-status]").InnerTextAsync());
        Assert.Contains(Note, await alert.Locator("[data-testid=resolution-note]").InnerTextAsync());
        Assert.Equal(0, await alert.Locator("form").CountAsync());
        await supervisor.GotoAsync(workbench.GuangdongUrl + "/workbench/supervision?status=open");
        Assert.Equal(0, await alert.CountAsync());
        await supervisor.GotoAsync(workbench.GuangdongUrl + "/workbench/supervision?status=resolved");
        Assert.Equal(1, await alert.CountAsync());

        // A chart's CSV: UTF-8 with a BOM, the header in the page's language, a row per month.
        await supervisor.GotoAsync(workbench.GuangdongUrl + "/workbench/supervision");
        var download = await supervisor.RunAndWaitForDownloadAsync(() => supervisor.ClickAsync("[data-testid=csv-contributions]"));
        var csv = await File.ReadAllBytesAsync(await download.PathAsync());
        Assert.Equal(Encoding.UTF8.GetPreamble(), csv[..3]);
        var lines = Encoding.UTF8.GetString(csv[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("月份,缴费额（元）,申报笔数", lines[0]);
        Assert.True(lines.Length > 1, "the CSV has no rows");
        Assert.Matches(@"^\d{4}-\d{2},\d+\.\d{2},\d+$", lines[1]);

        // The national roll-up: Guangdong's own figures came back from national, signed and summarised.
        for (var attempt = 0; attempt < 60 && await supervisor.Locator("[data-testid=national-table] tbody tr", new() { HasText = "440000" }).CountAsync() == 0; attempt++)
        {
            await Task.Delay(500);
            await supervisor.ReloadAsync();
        }

        Assert.Equal(1, await supervisor.Locator("[data-testid=national-table] tbody tr", new() { HasText = "440000" }).CountAsync());

        // The dashboard, charts drawn, for the docs.
        await supervisor.WaitForFunctionAsync("() => [...document.querySelectorAll('canvas[data-chart]')].every(c => window.Chart.getChart(c))");
        await supervisor.Locator("[data-dashboard]").ScrollIntoViewIfNeededAsync();
        await supervisor.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshots.PathOf("supervision-dashboard"), FullPage = true });

        // In English, the header follows the language.
        await supervisor.ClickAsync("a.lang");
        await supervisor.WaitForSelectorAsync("html[lang=en]");
        Assert.Contains("Data as of", await supervisor.InnerTextAsync("[data-testid=as-of]"));
        var english = await supervisor.RunAndWaitForDownloadAsync(() => supervisor.ClickAsync("[data-testid=csv-contributions]"));
        var englishLines = Encoding.UTF8.GetString((await File.ReadAllBytesAsync(await english.PathAsync()))[3..]).Split("\r\n");
        Assert.Equal("Month,Contributions (yuan),Declarations", englishLines[0]);
    }

    [Fact]
    public async Task ANationalAdjustment_EnteredOnceWithTheCommand_ShowsWhenEachProvinceAppliedIt()
    {
        // The ministry's operator enters the rule once, against national's database; a province's database is refused.
        string[] command = ["add-national-adjustment", "--effective-month", "2027-01", "--percent", "2", "--fixed-fen", "500", "--description", "人社部发〔2027〕12号"];
        var (output, error) = (new StringWriter(), new StringWriter());
        var exit = await ApiCommandLine.RunAsync(command, () => Configuration(workbench.Topology.National.ConnectionString, "national"), output, error);
        Assert.True(exit == 0, error.ToString());
        Assert.Contains("Sent to prov-440000, prov-510000", output.ToString());
        var refused = new StringWriter();
        Assert.Equal(2, await ApiCommandLine.RunAsync(command, () => Configuration(workbench.Topology.Guangdong.ConnectionString, null), new StringWriter(), refused));
        Assert.Contains("national.env", refused.ToString());

        // Guangdong's January run applies it; Sichuan has not paid since.
        var guangdong = RegionCode.Parse("440000");
        var payments = workbench.Topology.Guangdong.Grains.GetPaymentsGrain(guangdong);
        var january = new YearMonth(2027, 1);
        Assert.True(await Retry.UntilAsync(async () => (await payments.GetAdjustmentRulesAsync()).Any(r => r.Scope == "all" && r.EffectiveMonth == january), TimeSpan.FromSeconds(30)));
        await payments.StartRunAsync(january, new Requester("system:test", null));
        await Retry.UntilSucceedsAsync(async () => (await payments.GetRunAsync(january)).CompletedAt ?? throw new InvalidOperationException("running"), TimeSpan.FromSeconds(60));

        // The supervisors' national table: entered at national, received by each province, applied by Guangdong's run.
        var supervisor = await workbench.SignInAsync("li@" + WorkbenchTopology.Shenzhen);
        await supervisor.GotoAsync(workbench.GuangdongUrl + "/workbench/supervision");
        var guangdongRow = supervisor.Locator("[data-testid=national-adjustments] tbody tr", new() { HasText = "440000" });
        var sichuanRow = supervisor.Locator("[data-testid=national-adjustments] tbody tr", new() { HasText = "510000" });
        for (var attempt = 0; attempt < 60 && !(await guangdongRow.CountAsync() == 1 && (await guangdongRow.InnerTextAsync()).Contains("2027-01 ·", StringComparison.Ordinal)
            && !(await sichuanRow.InnerTextAsync()).Contains("尚未报送", StringComparison.Ordinal)); attempt++)
        {
            await Task.Delay(500);
            await supervisor.ReloadAsync();
        }

        var applied = await guangdongRow.InnerTextAsync();
        Assert.Contains("人社部发〔2027〕12号", applied);
        Assert.Contains("2027-01 ·", applied);
        Assert.Contains("待下次发放", await sichuanRow.InnerTextAsync());
        await supervisor.Locator("[data-testid=national-adjustments]").ScreenshotAsync(new LocatorScreenshotOptions { Path = Screenshots.PathOf("supervision-national-adjustment") });
    }

    private static IConfiguration Configuration(string connectionString, string? clusterId) => new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:jinbao"] = connectionString, ["JinBao:Api:ClusterId"] = clusterId })
        .Build();

    [Fact]
    public async Task Supervision_IsRefusedToAClerk_AndNotOffered()
    {
        using var anonymous = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        foreach (var route in new[] { "/workbench/supervision", "/workbench/supervision?handler=Data", "/workbench/supervision?handler=Csv&chart=contributions" })
        {
            using var response = await anonymous.GetAsync(workbench.GuangdongUrl + route);
            Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
            Assert.Contains("/workbench/sign-in", response.Headers.Location!.ToString());
        }

        var clerk = await workbench.SignInAsync("chen@" + WorkbenchTopology.Shenzhen);
        Assert.Equal(0, await clerk.Locator("a[href='/workbench/supervision']").CountAsync());
        foreach (var route in new[] { "/workbench/supervision", "/workbench/supervision?handler=Csv&chart=contributions" })
        {
            var denied = await clerk.GotoAsync(workbench.GuangdongUrl + route);
            Assert.Equal(403, denied!.Status);
            Assert.NotNull(await clerk.QuerySelectorAsync("[data-testid=denied]"));
        }
    }

    private static async Task<string> Expect(IPage page, string selector)
    {
        try
        {
            return await page.Locator(selector).First.InnerTextAsync(new LocatorInnerTextOptions { Timeout = 20_000 });
        }
        catch (TimeoutException)
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshots.PathOf("failed-supervision-" + selector.GetHashCode().ToString("x")), FullPage = true });
            throw new Xunit.Sdk.XunitException($"{page.Url} never showed {selector}; it showed:\n{await page.InnerTextAsync("body")}");
        }
    }
}
