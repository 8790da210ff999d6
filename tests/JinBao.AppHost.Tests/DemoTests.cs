using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;

using JinBao.AppHost.Tests.Infrastructure;

namespace JinBao.AppHost.Tests;

/// <summary>
/// <c>--demo</c> end to end on the shipped topology (free ports, its own data folder): credentials made by the API's
/// admin commands, persons and transfers driven through the REST APIs, a completed transfer visible through the API
/// with the printed curl command, and Ctrl+C stopping everything, demo included.
/// </summary>
[Collection(AppHostCollection.Name)]
public sealed partial class DemoTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan TransferTimeout = TimeSpan.FromSeconds(240);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(90);

    private static readonly HttpClient Http = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(10) };

    [Fact]
    public async Task Demo_SmallRun_CompletesACrossProvinceTransferVisibleThroughTheApiAndSigintStopsEverything()
    {
        using var data = new TempDataFolder();
        var topology = TestTopology.WriteShippedWithFreePorts(data.Folder);

        await using var appHost = AppHostProcess.Start(data.Folder, topology.File, "--demo-persons", "40");
        await appHost.WaitForLineAsync(l => l.Contains("All resources are healthy", StringComparison.Ordinal), StartTimeout, "that all resources are healthy");

        // Shenzhen → Chengdu through the national exchange: stop in Guangdong, enrol in Sichuan, apply, approve, merge.
        var completed = await appHost.WaitForLineAsync(
            l => l.Contains("First cross-province transfer completed", StringComparison.Ordinal),
            TransferTimeout,
            "that a cross-province transfer completed");
        var curl = await appHost.WaitForLineAsync(l => l.Contains("curl -s -H 'Authorization: Bearer ", StringComparison.Ordinal) && l.Contains(CurlUrl(completed), StringComparison.Ordinal), TimeSpan.FromSeconds(10), "the curl command");
        var command = Curl().Match(curl);
        Assert.True(command.Success, curl);

        using var request = new HttpRequestMessage(HttpMethod.Get, command.Groups["url"].Value);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", command.Groups["token"].Value);
        using var response = await Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {body}\n{appHost.Tail()}");
        using var transfer = JsonDocument.Parse(body);
        Assert.Equal("completed", transfer.RootElement.GetProperty("status").GetString());

        // A Shenzhen insured treated in Chengdu: Sichuan's API settled it, Guangdong decided, over the exchange.
        var settled = await appHost.WaitForLineAsync(
            l => l.Contains("First cross-province medical settlement", StringComparison.Ordinal), TransferTimeout, "a cross-province medical settlement");
        using var settlement = await GetAsync(CurlUrl(settled), command.Groups["token"].Value, appHost);
        Assert.Equal(("510100", "440300"), (settlement.RootElement.GetProperty("careCity").GetString(), settlement.RootElement.GetProperty("insuringCity").GetString()));
        Assert.True(settlement.RootElement.GetProperty("fundPaysFen").GetInt64() > 0, settlement.RootElement.ToString());
        Assert.True(appHost.Printed("[demo] persons "), "progress is printed\n" + appHost.Tail());

        var reported = appHost.ReportedProcessIds;
        appHost.Signal(AppHostProcess.SigInt);
        var exitCode = await appHost.WaitForExitAsync(StopTimeout);
        Assert.True(exitCode == 0, $"exit code {exitCode}\n{appHost.Tail()}");
        Assert.True(appHost.Printed("Everything the AppHost started has stopped."), appHost.Tail());
        var leftovers = Leftovers.Find(data.Folder, reported);
        Assert.True(leftovers.Count == 0, "still running after the AppHost exited:\n" + string.Join('\n', leftovers));
    }

    private static async Task<JsonDocument> GetAsync(string url, string token, AppHostProcess appHost)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {body}\n{appHost.Tail()}");
        return JsonDocument.Parse(body);
    }

    // "... completed: <id>, seen by 510100 at GET http://127.0.0.1:<port>/api/v1/pension-transfers/<id>"
    private static string CurlUrl(string completedLine) => completedLine[(completedLine.LastIndexOf("GET ", StringComparison.Ordinal) + 4)..].Trim();

    [GeneratedRegex(@"curl -s -H 'Authorization: Bearer (?<token>[^']+)' (?<url>\S+)")]
    private static partial Regex Curl();
}
