using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

using JinBao.AppHost.Tests.Infrastructure;

using Microsoft.Playwright;

namespace JinBao.AppHost.Tests;

/// <summary>
/// The walk-throughs as a newcomer follows them: docs/demo.md's command starts the AppHost exactly as written (its own
/// PostgreSQL, the shipped topology and ports, only the data folder moved), then docs/api.md is pasted block by block
/// into one shell and every line that claims an output is checked; the demo's console in the dashboard shows the lines
/// demo.md promises; SIGTERM (Ctrl+C) leaves nothing running.
/// </summary>
[Collection(AppHostCollection.Name)]
public sealed partial class DocsTests
{
    // The shipped topology's ports and the launch profile's dashboard ports: the documents name them.
    private static readonly int[] ShippedPorts = [18888, 18889, 18890, 5100, 5101, 8080, 8081, 8082, 8083, 8089, 11110, 11111, 11112, 11113, 11119, 30000, 30001, 30002, 30003, 30009];

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(300); // dotnet run checks the build first

    [Fact]
    public async Task DemoAndApiWalkthroughs_RunAsWrittenAgainstTheAppHost()
    {
        var taken = ShippedPorts.Where(InUse).ToList();
        Assert.True(taken.Count == 0, $"Ports {string.Join(", ", taken)} are in use (is an AppHost running?): the documents name the shipped ports, so this test needs them free.");

        var demo = ShellWalkthrough.Blocks("docs/demo.md");
        Assert.Equal("dotnet run --project src/AppHost -- --demo-persons 40", Assert.Single(demo).Trim());

        using var data = new TempDataFolder();
        await using var appHost = AppHostProcess.StartCommand(demo[0], data.Folder);
        var login = LoginUrl().Match(await appHost.WaitForLineAsync(LoginUrl().IsMatch, StartTimeout, "the dashboard login URL")).Value;
        foreach (var api in new[] { "http://127.0.0.1:5100/health/ready", "http://127.0.0.1:5101/health/ready" })
        {
            await Dashboard.WaitFor200Async(api, StartTimeout, () => appHost.Tail());
        }

        // The admin commands of README and apphost.md, then api.md's walk-through and medical-settlement.md's, which continues it,
        // then workbench.md's first supervisor and its sign-in page.
        string[] pasted =
        [
            .. ShellWalkthrough.Blocks("README.md").Where(block => !block.Contains("dotnet run --project src/AppHost", StringComparison.Ordinal)),
            .. ShellWalkthrough.Blocks("docs/apphost.md").Where(block => !block.Contains("dotnet run --project src/AppHost", StringComparison.Ordinal)),
            .. ShellWalkthrough.Blocks("docs/api.md"),
            .. ShellWalkthrough.Blocks("docs/medical-settlement.md"),
            .. ShellWalkthrough.Blocks("docs/workbench.md"),
        ];
        Assert.Equal(8, pasted.Length); // README 1, apphost.md 1, api.md 4, medical-settlement.md 1, workbench.md 1: a block gone missing fails here
        var script = ShellWalkthrough.Script(pasted);
        var (exitCode, output) = await ShellWalkthrough.RunAsync(script, new Dictionary<string, string> { ["JINBAO_APPHOST_DATA"] = data.Folder }, TimeSpan.FromMinutes(6));
        Assert.True(exitCode == 0, $"The walk-through stopped (exit {exitCode}):\n{output}");
        Assert.True(Regex.Count(script, "__claim \"") >= 10, "docs/api.md should claim what its commands print (# → text)."); // so an exit 0 means they held

        // What demo.md says the demo prints, in its console in the dashboard.
        await using (var dashboard = await Dashboard.OpenAsync(login))
        {
            await dashboard.Page.GotoAsync($"{dashboard.Origin}/consolelogs/resource/demo");
            string[] promised = ["[demo] persons", "First cross-province transfer completed", "Demo finished"];
            await dashboard.WaitForTextAsync(text => promised.All(text.Contains), "the demo's promised lines", () => appHost.Tail(), TimeSpan.FromMinutes(5));
            await dashboard.Page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshots.PathOf("dashboard-demo-console") });
        }

        // Ctrl+C: the AppHost gets SIGTERM, dotnet run returns, and nothing is left.
        var appHostId = Leftovers.AppHostProcessId(data.Folder);
        Assert.NotNull(appHostId);
        AppHostProcess.Kill(appHostId.Value, AppHostProcess.SigTerm);
        await appHost.WaitForExitAsync(TimeSpan.FromSeconds(60));
        var leftovers = Leftovers.Find(data.Folder, appHostId.Value);
        for (var stopwatch = Stopwatch.StartNew(); leftovers.Count > 0 && stopwatch.Elapsed < TimeSpan.FromSeconds(60); leftovers = Leftovers.Find(data.Folder, appHostId.Value))
        {
            await Task.Delay(500);
        }

        Assert.True(leftovers.Count == 0, "still running after the AppHost exited:\n" + string.Join('\n', leftovers));
    }

    private static bool InUse(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return false;
        }
        catch (SocketException)
        {
            return true;
        }
    }

    [GeneratedRegex(@"http://(127\.0\.0\.1|localhost):\d+/login\?t=[0-9a-f]+")]
    private static partial Regex LoginUrl();
}
