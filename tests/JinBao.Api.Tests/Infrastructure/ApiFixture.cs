using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

using JinBao.Api.Auth;
using JinBao.Primitives;
using JinBao.Supervision;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

using Orleans.TestingHost;

namespace JinBao.Api.Tests.Infrastructure;

/// <summary>
/// One PostgreSQL server, one migrated database, one real two-silo cluster and one API on Kestrel for the whole
/// collection; every test uses fresh synthetic people. Logs of the API and of the silos are captured for the privacy test.
/// </summary>
public sealed class ApiFixture : IAsyncLifetime
{
    public const string Shenzhen = "440300";
    public const string Guangzhou = "440100";
    public const string Foshan = "440600";
    public const string Chengdu = "510100";

    /// <summary>How many settlements of a place of care make its usual amount known (the default, 20, would slow the rule's tests).</summary>
    public const int SettlementHistoryForOutliers = 3;

    private readonly ConcurrentDictionary<string, Lazy<Task<HttpClient>>> _clients = new();
    private TestPostgres? _postgres;
    private InProcessTestCluster? _cluster;
    private ApiFactory? _api;

    public LogCapture ApiLogs { get; } = new();

    public LogCapture SiloLogs { get; } = new();

    public string ConnectionString { get; private set; } = "";

    public InProcessTestCluster Cluster => _cluster ?? throw new InvalidOperationException("Not initialised.");

    public IClusterClient Grains => Cluster.Client;

    public ApiFactory Api => _api ?? throw new InvalidOperationException("Not initialised.");

    public TestPostgres Postgres => _postgres ?? throw new InvalidOperationException("Not initialised.");

    public async Task InitializeAsync()
    {
        _postgres = await TestPostgres.StartAsync();
        ConnectionString = await _postgres.CreateDatabaseAsync("api");
        _cluster = await TestClusters.StartAsync(ConnectionString, configure: silo =>
        {
            silo.Services.AddSingleton<ILoggerProvider>(SiloLogs);
            silo.Services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Information));
            silo.Services.Configure<SupervisionThresholds>(rules => rules.SettlementOutlierMinimumHistory = SettlementHistoryForOutliers);
        });
        _api = CreateApi(ApiLogs);
        try
        {
            // Off xunit's two-thread synchronisation context: a blocking start there can deadlock.
            await Task.Run(_api.StartServer).WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException exception)
        {
            throw new TimeoutException($"The API did not start; its last log lines:\n{string.Join('\n', ApiLogs.Entries.TakeLast(20))}", exception);
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var client in _clients.Values.Where(c => c.IsValueCreated))
        {
            (await client.Value).Dispose();
        }

        if (_api is not null)
        {
            await _api.DisposeAsync();
        }

        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }

        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
    }

    /// <summary>Another API instance on the same cluster, e.g. with other limits (started by the caller).</summary>
    public ApiFactory CreateApi(LogCapture? logs = null, IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:jinbao"] = ConnectionString,
            ["JinBao:Api:ClusterId"] = Cluster.Options.ClusterId,
            ["JinBao:Api:ServiceId"] = Cluster.Options.ServiceId,
            ["JinBao:Api:PermitsPerMinute"] = "100000",
            ["JinBao:Api:TokenPermitsPerMinute"] = "100000",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return new ApiFactory(settings, logs, Cluster);
    }

    public HttpClient Anonymous() => Api.CreateClient();

    /// <summary>An HTTP client holding a token of a city system of <paramref name="city"/> (one credential per city, cached).</summary>
    public Task<HttpClient> CitySystemAsync(string city) =>
        _clients.GetOrAdd($"city:{city}", _ => new Lazy<Task<HttpClient>>(async () =>
        {
            var (clientId, secret) = await Api.Services.GetRequiredService<CredentialStore>().CreateCityCredentialAsync(RegionCode.Parse(city));
            return await TokenClientAsync(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = clientId,
                ["client_secret"] = secret,
            });
        })).Value;

    /// <summary>An HTTP client holding a token of a clerk (or supervisor) of the agency of <paramref name="city"/>.</summary>
    public Task<HttpClient> ClerkAsync(string city, string role = "clerk") =>
        _clients.GetOrAdd($"{role}:{city}", _ => new Lazy<Task<HttpClient>>(async () =>
        {
            var (login, password) = await Api.Services.GetRequiredService<CredentialStore>().CreateClerkAsync(RegionCode.Parse(city), $"{role}{city}", role);
            return await TokenClientAsync(new Dictionary<string, string>
            {
                ["grant_type"] = "password",
                ["username"] = login,
                ["password"] = password,
            });
        })).Value;

    public Task<HttpClient> SupervisorAsync(string city) => ClerkAsync(city, "supervisor");

    /// <summary>A single number from SQL on the cluster's database.</summary>
    public async Task<long> CountAsync(string sql, params (string Name, object Value)[] parameters) =>
        Convert.ToInt64(await Sql.ScalarAsync<object>(ConnectionString, sql, parameters), CultureInfo.InvariantCulture);

    /// <summary>An HTTP client holding the token the token route answers <paramref name="form"/> with.</summary>
    public async Task<HttpClient> TokenClientAsync(Dictionary<string, string> form)
    {
        using var anonymous = Anonymous();
        using var response = await anonymous.PostAsync("/api/v1/auth/token", new FormUrlEncodedContent(form));
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString();
        var client = Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}

[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiFixture>
{
    public const string Name = "api";
}
