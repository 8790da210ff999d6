using System.Diagnostics;
using System.Text.RegularExpressions;

using JinBao.AppHost.Tests.Infrastructure;

using Microsoft.Playwright;

namespace JinBao.AppHost.Tests;

/// <summary>
/// The developer's first command, end to end: the real Aspire AppHost (`dotnet JinBao.AppHost.dll`, as
/// `dotnet run --project src/AppHost` runs it) on the shipped topology (free ports, its own PostgreSQL and data
/// folder) with a small demo; every resource healthy; the dashboard, driven in Debian's chromium, showing the resources
/// running, a silo's console log and one cross-province transfer as a single trace across processes; SIGTERM stopping
/// everything with PostgreSQL shut down cleanly and the silos gone from the membership table. Screenshots go to
/// artifacts/screenshots.
/// </summary>
[Collection(AppHostCollection.Name)]
public sealed partial class AppHostTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(180);
    private static readonly TimeSpan TransferTimeout = TimeSpan.FromSeconds(300);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Run_ShippedTopologyWithDemo_DashboardShowsResourcesLogsAndOneTraceAcrossProvincesAndSigtermStopsCleanly()
    {
        using var data = new TempDataFolder();
        var topology = TestTopology.WriteShippedWithFreePorts(data.Folder);
        var dashboardPort = TestTopology.FreePort();
        await using var appHost = AppHostProcess.Start(data.Folder, topology.File, dashboardPort, "--demo-persons", "40");

        var login = LoginUrl().Match(await appHost.WaitForLineAsync(LoginUrl().IsMatch, StartTimeout, "the dashboard login URL")).Value;
        Assert.True(appHost.Printed("First run: initialising"), appHost.Tail());
        foreach (var url in topology.Silos.Select(s => $"http://127.0.0.1:{s.HttpPort}/health").Concat(topology.Apis.Select(a => $"http://127.0.0.1:{a.Port}{a.HealthPath}")))
        {
            await Dashboard.WaitFor200Async(url, StartTimeout, () => appHost.Tail());
        }

        // The demo moves Shenzhen insured home to Chengdu; Sichuan's database records the completion.
        var sichuan = ClusterDatabase.ConnectionString(data.Folder, "prov-510000");
        var guangdong = ClusterDatabase.ConnectionString(data.Folder, "prov-440000");
        await ClusterDatabase.WaitForAsync(sichuan, "SELECT stream FROM jinbao_events WHERE type = 'transfer-completed' LIMIT 1", TransferTimeout, "a completed cross-province transfer");

        // The contact letter reached Guangdong through the national exchange; its inbox row kept the trace it came in.
        var traceParent = await ClusterDatabase.WaitForAsync(guangdong,
            "SELECT trace_parent FROM jinbao_inbox WHERE sender = 'prov-510000' AND trace_parent IS NOT NULL ORDER BY received_at LIMIT 1",
            TimeSpan.FromSeconds(30), "a document from Sichuan with a trace");
        var traceId = traceParent.Split('-')[1];

        await CheckDashboardAsync(login, traceId, topology, appHost);

        appHost.Signal(AppHostProcess.SigTerm);
        await appHost.WaitForExitAsync(StopTimeout);

        // The AppHost returns while Aspire's orchestrator (DCP, which watches it) finishes stopping the resources.
        var leftovers = Leftovers.Find(data.Folder, appHost.Id);
        for (var stopwatch = Stopwatch.StartNew(); leftovers.Count > 0 && stopwatch.Elapsed < StopTimeout; leftovers = Leftovers.Find(data.Folder, appHost.Id))
        {
            await Task.Delay(500);
        }

        Assert.True(leftovers.Count == 0, "still running after the AppHost exited:\n" + string.Join('\n', leftovers));
        Assert.Contains("Database cluster state:               shut down", await ControlDataAsync(Path.Combine(data.Folder, "pgdata")), StringComparison.Ordinal);
    }

    private static async Task CheckDashboardAsync(string login, string traceId, TestTopology topology, AppHostProcess appHost)
    {
        await using var dashboard = await Dashboard.OpenAsync(login);
        var page = dashboard.Page;

        // Resources: every long-running resource Running, every migrator Finished.
        string[] running = ["postgres", .. topology.Silos.Select(s => s.Name), .. topology.Apis.Select(a => a.Name), "demo"];
        await dashboard.WaitForTextAsync(text => running.All(text.Contains) && Regex.Count(text, @"\bRunning\b") >= running.Length && Regex.Count(text, @"\bFinished\b") >= 3, "every resource Running and the migrators Finished", () => appHost.Tail());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshots.PathOf("dashboard-resources"), FullPage = true });

        // A silo's console log.
        var silo = topology.Silos.First(s => s.Name.Contains("shenzhen", StringComparison.Ordinal)).Name;
        await page.GotoAsync($"{dashboard.Origin}/consolelogs/resource/{silo}");
        await dashboard.WaitForTextAsync(text => text.Contains("Application started", StringComparison.Ordinal), $"{silo}'s console log", () => appHost.Tail());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshots.PathOf("dashboard-silo-console") });

        // The transfer's trace: spans from the Sichuan API and silo, the national silo and a Guangdong silo.
        await page.GotoAsync($"{dashboard.Origin}/traces/detail/{traceId}");
        string[] processes = ["api-510000", "silo-national", "silo-5101", "silo-4403", "silo-4401"];
        await dashboard.WaitForTextAsync(text => processes.Count(text.Contains) >= 3, "a trace with spans from three processes", () => appHost.Tail());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshots.PathOf("dashboard-transfer-trace"), FullPage = true });
    }

    private static async Task<string> ControlDataAsync(string dataDirectory)
    {
        var tool = Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin", "pg_controldata")).First(File.Exists);
        var startInfo = new ProcessStartInfo(tool, [dataDirectory]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(startInfo)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return output;
    }

    [GeneratedRegex(@"http://(127\.0\.0\.1|localhost):\d+/login\?t=[0-9a-f]+")]
    private static partial Regex LoginUrl();
}
