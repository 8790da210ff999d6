using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;

using JinBao.AppHost.Hosting;
using JinBao.AppHost.Tests.Infrastructure;

using Microsoft.Extensions.DependencyInjection;

namespace JinBao.AppHost.Tests;

/// <summary>
/// The AppHost's own graph under Aspire.Hosting.Testing, on a reduced topology (the national cluster and Guangdong with
/// two city silos and its API): Aspire starts and health-checks every resource, then a transfer Guangzhou → Shenzhen
/// is applied, decided and read back through the API alone, with credentials made by the API's admin commands from the
/// environment file the AppHost writes for operators.
/// </summary>
[Collection(AppHostCollection.Name)]
public sealed class AspireTestingTests
{
    private const string Guangdong = "prov-440000";
    private const string Guangzhou = "440100";
    private const string Shenzhen = "440300";
    // Start, health and the migrator together; 180 s once ran out on this 2-core machine while the other test
    // assemblies ran beside it (Aspire's StartAsync alone took that long), so the bound leaves room for such a moment.
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(300);

    [Fact]
    public async Task ReducedTopology_UnderAspireTesting_BecomesHealthyAndCompletesATransferThroughTheApi()
    {
        using var data = new TempDataFolder();
        var topology = TestTopology.WriteShippedWithFreePorts(data.Folder, document =>
        {
            var clusters = document["clusters"]!.AsArray();
            foreach (var cluster in clusters.Where(c => c!["id"]!.GetValue<string>() is not ("national" or Guangdong)).ToList())
            {
                clusters.Remove(cluster);
            }
        });

        var builder = await DistributedApplicationTestingBuilder.CreateAsync<JinBaoGraph>(
            [$"--JinBao:Topology={topology.File}", $"--JinBao:DataFolder={data.Folder}"]);
        await using var app = await builder.BuildAsync();
        using var start = new CancellationTokenSource(StartTimeout);
        await app.StartAsync(start.Token);

        var notifications = app.Services.GetRequiredService<ResourceNotificationService>();
        var api = topology.Apis.Single();
        Assert.Equal("api-440000", api.Name);
        string[] resources = ["postgres", .. topology.Silos.Select(s => s.Name), api.Name];
        Assert.Equal(5, resources.Length); // postgres, national, Guangzhou, Shenzhen, API
        foreach (var resource in resources)
        {
            await notifications.WaitForResourceHealthyAsync(resource, start.Token);
        }

        await notifications.WaitForResourceAsync("migrate-440000", KnownResourceStates.Finished, start.Token);

        // Credentials as an operator makes them: the admin commands with the AppHost's env file for Guangdong.
        var guangzhou = await CitySystemAsync(data.Folder, api.Port, Guangzhou);
        var shenzhen = await CitySystemAsync(data.Folder, api.Port, Shenzhen);

        var person = TestCitizen.Next();
        await PostAsync(guangzhou, "/api/v1/persons", new { citizenId = person, hukouRegion = Guangzhou, enrolledOn = "2020-01-01" }, 201);
        foreach (var month in new[] { "2025-10", "2025-11", "2025-12" })
        {
            await PostAsync(guangzhou, $"/api/v1/persons/{person}/contributions", new { month, declaredBaseFen = 800_000 }, 201);
        }

        // He moves to Shenzhen: Shenzhen enrols him, applies and reviews; Guangzhou approves; release and merge follow.
        await PostAsync(shenzhen, "/api/v1/persons", new { citizenId = person, hukouRegion = Guangzhou, enrolledOn = "2026-01-05" }, 201);
        var applied = await PostAsync(shenzhen, "/api/v1/pension-transfers", new { citizenId = person, fromCity = Guangzhou }, 201);
        var transferId = applied.GetProperty("id").GetString()!;
        await PostAsync(shenzhen, $"/api/v1/pension-transfers/{transferId}/approve", new { reason = "application complete" }, 200);
        await PostAsync(guangzhou, $"/api/v1/pension-transfers/{transferId}/approve", new { reason = "no arrears" }, 200);

        var view = await PollAsync(shenzhen, $"/api/v1/pension-transfers/{transferId}", v => v.GetProperty("status").GetString() == "completed", TimeSpan.FromSeconds(60));
        Assert.Equal(3, view.GetProperty("amounts").GetProperty("months").GetInt32());
        Assert.True(view.GetProperty("amounts").GetProperty("fundsMove").GetBoolean()); // Shenzhen pools on its own

        var record = await GetAsync(shenzhen, $"/api/v1/persons/{person}");
        var segments = record.GetProperty("segments").EnumerateArray().ToList();
        Assert.Equal(3, segments.Single(s => s.GetProperty("city").GetString() == Shenzhen).GetProperty("months").GetArrayLength());
        Assert.Equal("transferred-out", segments.Single(s => s.GetProperty("city").GetString() == Guangzhou).GetProperty("status").GetString());
    }

    private static async Task<HttpClient> CitySystemAsync(string dataFolder, int apiPort, string city)
    {
        var credential = await AdminCommand.RunAsync(dataFolder, Guangdong, "create-city-credential", "--city", city);
        var client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = new Uri($"http://127.0.0.1:{apiPort}"), Timeout = TimeSpan.FromSeconds(30) };
        using var token = await client.PostAsync("/api/v1/auth/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = credential["client_id"],
            ["client_secret"] = credential["client_secret"],
        }));
        var body = await token.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(token.IsSuccessStatusCode, body.ToString());
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", body.GetProperty("access_token").GetString());
        client.DefaultRequestHeaders.Add("JinBao-Purpose", "Aspire testing");
        return client;
    }

    private static async Task<JsonElement> PostAsync(HttpClient client, string path, object body, int expected)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == expected, $"POST {path} answered {(int)response.StatusCode}, not {expected}: {text}");
        return JsonSerializer.Deserialize<JsonElement>(text);
    }

    private static async Task<JsonElement> GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path} answered {(int)response.StatusCode}: {text}");
        return JsonSerializer.Deserialize<JsonElement>(text);
    }

    private static async Task<JsonElement> PollAsync(HttpClient client, string path, Func<JsonElement, bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var view = await GetAsync(client, path);
            if (done(view))
            {
                return view;
            }

            Assert.True(DateTime.UtcNow < deadline, $"GET {path} did not reach the expected state within {timeout.TotalSeconds} s: {view}");
            await Task.Delay(500);
        }
    }
}
