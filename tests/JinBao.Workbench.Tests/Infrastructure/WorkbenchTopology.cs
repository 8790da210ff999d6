using System.Net;
using System.Net.Sockets;

using JinBao.Api.Auth;
using JinBao.Api.Hosting;
using JinBao.Grains.Transfers;
using JinBao.Primitives;
using JinBao.Supervision;
using JinBao.Transfers;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;

namespace JinBao.Workbench.Tests.Infrastructure;

/// <summary>
/// One topology for the whole test class: PostgreSQL, the national, Guangdong and Sichuan clusters, the Guangdong and
/// Sichuan API processes (each serving its workbench), staff accounts, and one headless chromium.
/// </summary>
public sealed class WorkbenchTopology : IAsyncLifetime
{
    public const string Shenzhen = "440300";
    public const string Chengdu = "510100";
    public const string Guangzhou = "440100";
    public const string Password = "workbench-test-password";

    private TestPostgres? _postgres;
    private IPlaywright? _playwright;

    /// <summary>Guangdong's clock: tests move it back to leave overdue cases.</summary>
    public ShiftedClock GuangdongClock { get; } = new();

    public ExchangeTopology Topology { get; private set; } = null!;

    public WebApplication GuangdongApi { get; private set; } = null!;

    public WebApplication SichuanApi { get; private set; } = null!;

    public string GuangdongUrl { get; private set; } = "";

    public string SichuanUrl { get; private set; } = "";

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>A case that reached Shenzhen six weeks ago: its 15 working days are long gone by the real date.</summary>
    public TransferId OverdueTransfer { get; private set; }

    public async Task InitializeAsync()
    {
        // Guangdong starts six weeks in the past and jumps to today once the late case has arrived (Orleans takes a
        // clock that jumps forward, as the deadline tests do; not one that jumps back).
        GuangdongClock.Offset = TimeSpan.FromDays(-42);
        _postgres = await TestPostgres.StartAsync();
        Topology = await ExchangeTopology.StartAsync(_postgres, (cluster, services) =>
        {
            if (cluster.Id == "prov-440000")
            {
                services.AddSingleton<TimeProvider>(GuangdongClock);
            }

            // A supervisor's policy reaches the cluster's other silo within a second, not the shipped 30 s.
            services.Configure<TransferOptions>(options => options.PolicyRefreshPeriod = TimeSpan.FromSeconds(1));

            // Each province's figures reach the national roll-up within seconds, not the shipped quarter of an hour.
            services.Configure<SupervisionThresholds>(rules => rules.SummaryEverySeconds = 2);
        });
        // Each province's portal knows the other's, to send a person whose relationship moved there.
        var (guangdongPort, sichuanPort) = (FreePort(), FreePort());
        (GuangdongApi, GuangdongUrl) = await StartApiAsync(Topology.Guangdong, guangdongPort, ("510000", sichuanPort));
        (SichuanApi, SichuanUrl) = await StartApiAsync(Topology.Sichuan, sichuanPort, ("440000", guangdongPort));

        await CreateStaffAsync(GuangdongApi, Shenzhen, "chen", "clerk");
        await CreateStaffAsync(GuangdongApi, Shenzhen, "li", "supervisor");
        await CreateStaffAsync(GuangdongApi, Guangzhou, "he", "clerk");
        await CreateStaffAsync(GuangdongApi, Guangzhou, "zhou", "supervisor");
        await CreateStaffAsync(SichuanApi, Chengdu, "zhao", "clerk");
        await CreateStaffAsync(SichuanApi, Chengdu, "liu", "supervisor");

        var setup = new Setup(this);
        OverdueTransfer = await setup.AppliedInChengduAsync(await setup.LeftShenzhenAsync());
        GuangdongClock.Offset = TimeSpan.Zero;

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>A fresh browser context (its own cookies) signed in as <c>user@city</c>, on that province's workbench.</summary>
    public async Task<IPage> SignInAsync(string login, int width = 1400)
    {
        var page = await NewPageAsync(width);
        await page.GotoAsync(UrlOf(login) + "/workbench/sign-in");
        await page.FillAsync("#login", login);
        await page.FillAsync("#password", Password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync("**/workbench/queue**");
        return page;
    }

    public async Task<IPage> NewPageAsync(int width = 1400)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = 1000 }, Locale = "zh-CN" });
        return await context.NewPageAsync();
    }

    /// <summary>The workbench origin of the province a login's city belongs to.</summary>
    public string UrlOf(string login) => login.EndsWith("@" + Chengdu, StringComparison.Ordinal) ? SichuanUrl : GuangdongUrl;

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        foreach (var api in new[] { GuangdongApi, SichuanApi }.Where(a => a is not null))
        {
            await api.StopAsync();
            await api.DisposeAsync();
        }

        if (Topology is not null)
        {
            await Topology.DisposeAsync();
        }

        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
    }

    private static async Task CreateStaffAsync(WebApplication api, string city, string user, string role)
    {
        var store = api.Services.GetRequiredService<CredentialStore>();
        await store.CreateClerkAsync(RegionCode.Parse(city), user, role);
        await using var command = api.Services.GetRequiredService<JinBao.Api.Database.ApiDatabase>().DataSource.CreateCommand(
            "UPDATE jinbao_api_clerks SET password_hash = @hash WHERE city = @city AND username = @user");
        command.Parameters.AddWithValue("hash", SecretHasher.Hash(Password));
        command.Parameters.AddWithValue("city", city);
        command.Parameters.AddWithValue("user", user);
        await command.ExecuteNonQueryAsync();
    }

    // The API as shipped (AddJinBaoApi/MapJinBaoApi), in this process on Kestrel, as the cluster's one Orleans client.
    private static async Task<(WebApplication App, string Url)> StartApiAsync(TopologyCluster cluster, int port, (string Province, int Port) peer)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(ApiHostingExtensions).Assembly.GetName().Name,
            EnvironmentName = "Testing",
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:jinbao"] = cluster.ConnectionString,
            ["JinBao:Api:ClusterId"] = cluster.Id,
            ["JinBao:Api:PermitsPerMinute"] = "100000",
            ["JinBao:Api:TokenPermitsPerMinute"] = "100000",
            ["Logging:LogLevel:Default"] = "Warning",
            [$"JinBao:Portal:Provinces:{peer.Province}"] = $"http://127.0.0.1:{peer.Port}/portal",
        });
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        if (Environment.GetEnvironmentVariable("JINBAO_TEST_LOGS") == "1")
        {
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        }

        builder.AddJinBaoApi();
        var app = builder.Build();
        app.MapJinBaoApi();
        await app.StartAsync();
        var url = $"http://127.0.0.1:{port}";
        using var http = new HttpClient();
        for (var attempt = 0; ; attempt++)
        {
            using var ready = await http.GetAsync(url + "/health/ready");
            if (ready.IsSuccessStatusCode)
            {
                break;
            }

            if (attempt > 60)
            {
                throw new TimeoutException($"The {cluster.Id} API was not ready: {await ready.Content.ReadAsStringAsync()}");
            }

            await Task.Delay(500);
        }

        return (app, url);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

[CollectionDefinition(Name)]
public sealed class WorkbenchCollection : ICollectionFixture<WorkbenchTopology>
{
    public const string Name = "workbench";
}
