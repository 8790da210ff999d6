using JinBao.AppHost.Hosting;
using JinBao.AppHost.Topology;
using JinBao.Demo;
using JinBao.Postgres;

using Npgsql;

namespace JinBao.FaultTests.Topology;

/// <summary>
/// The AppHost's topology as separate processes the suite can kill: a throwaway PostgreSQL with the three clusters'
/// databases, the national cluster with two silos (killing one leaves the exchange up; killing both stops it), Guangdong
/// (Guangzhou, Shenzhen) and Sichuan (Chengdu, Nanchong) with a silo per city, and each province's API. Every process
/// gets the environment the AppHost gives it (<see cref="ProcessEnvironment"/>), on free ports so the suite can run beside
/// a developer's AppHost or other tests.
/// </summary>
public sealed class FaultTopology : IAsyncDisposable
{
    public const string Shenzhen = "440300";
    public const string Chengdu = "510100";

    /// <summary>
    /// The silo and API assemblies to run instead of this build's (<c>JinBao.Silo.dll</c>, <c>JinBao.Api.dll</c> of another
    /// checkout): how the suite is pointed at an older build to show the defects it finds there.
    /// </summary>
    public const string SiloOverride = "JINBAO_FAULT_SILO";

    /// <inheritdoc cref="SiloOverride"/>
    public const string ApiOverride = "JINBAO_FAULT_API";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);

    private readonly List<JinBaoProcess> _processes = [];

    private FaultTopology(TestPostgres postgres, TopologyDocument document, IReadOnlyDictionary<string, string> databases, string folder)
    {
        Postgres = postgres;
        Document = document;
        Databases = databases;
        Folder = folder;
    }

    public TestPostgres Postgres { get; }

    public TopologyDocument Document { get; }

    /// <summary>Cluster id → connection string of its database.</summary>
    public IReadOnlyDictionary<string, string> Databases { get; }

    /// <summary>Keys and process logs.</summary>
    public string Folder { get; }

    public IEnumerable<JinBaoProcess> Silos => _processes.Where(p => p.Name.StartsWith("silo-", StringComparison.Ordinal));

    public IEnumerable<JinBaoProcess> NationalSilos => Silos.Where(p => p.Name.StartsWith("silo-national", StringComparison.Ordinal));

    public IEnumerable<JinBaoProcess> Apis => _processes.Where(p => p.Name.StartsWith("api-", StringComparison.Ordinal));

    /// <summary>The city systems and clerks of Shenzhen and Chengdu, with the given retry policy.</summary>
    public IReadOnlyDictionary<string, DemoCity> Cities { get; private set; } = new Dictionary<string, DemoCity>();

    private readonly Dictionary<string, (string Url, CityCredentials Credentials)> _credentials = new(StringComparer.Ordinal);

    /// <summary>The city system of <paramref name="city"/> as another client, retrying its own way (the probe tries once).</summary>
    public DemoApi CitySystem(string city, HttpClient http, RetryPolicy retry)
    {
        var (url, credentials) = _credentials[city];
        return new DemoApi(http, url, new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = credentials.ClientId,
            ["client_secret"] = credentials.ClientSecret,
        }, retry);
    }

    public static async Task<FaultTopology> StartAsync(RetryPolicy retry, HttpClient http)
    {
        var folder = Directory.CreateTempSubdirectory("jinbao-faults-").FullName;
        var postgres = await TestPostgres.StartAsync();
        FaultTopology? topology = null;
        try
        {
            var databases = new Dictionary<string, string>(StringComparer.Ordinal);
            var ports = new FreePorts();
            var document = new TopologyDocument
            {
                ServiceId = "jinbao",
                Clusters =
                [
                    new ClusterSpec { Id = TopologyLoader.NationalClusterId, Silos = [ports.Silo("110100", "a"), ports.Silo("110100", "b")] },
                    new ClusterSpec { Id = "prov-440000", Silos = [ports.Silo("440100", "guangzhou"), ports.Silo(Shenzhen, "shenzhen")], Api = new ApiSpec { Port = ports.Next() } },
                    new ClusterSpec { Id = "prov-510000", Silos = [ports.Silo(Chengdu, "chengdu"), ports.Silo("511300", "nanchong")], Api = new ApiSpec { Port = ports.Next() } },
                ],
            };
            // Empty: the silos migrate their own schema at start, so an older build under test gets its own.
            foreach (var cluster in document.Clusters)
            {
                databases[cluster.Id] = await postgres.CreateEmptyDatabaseAsync("fault_" + cluster.ShortName);
            }

            topology = new FaultTopology(postgres, document, databases, folder);
            await topology.StartProcessesAsync(retry, http);
            return topology;
        }
        catch
        {
            if (topology is not null)
            {
                await topology.DisposeAsync();
            }
            else
            {
                await postgres.DisposeAsync();
            }

            throw;
        }
    }

    /// <summary>The database of a cluster by its short name (<c>national</c>, <c>440000</c>, <c>510000</c>).</summary>
    public string Database(string shortName) => Databases[Document.Clusters.Single(c => c.ShortName == shortName).Id];

    /// <summary>Starts a killed or stopped process again and waits until it is healthy.</summary>
    public async Task RestartAsync(JinBaoProcess process)
    {
        process.Start();
        await process.WaitHealthyAsync(StartTimeout);
    }

    private async Task StartProcessesAsync(RetryPolicy retry, HttpClient http)
    {
        var keys = new ExchangeKeys(Folder, [.. Document.Clusters.Select(c => c.Id)]);
        var environment = new ProcessEnvironment(Document, keys, cluster => Databases[cluster.Id]);
        var logs = Directory.CreateDirectory(Path.Combine(Folder, "logs")).FullName;
        var siloAssembly = Environment.GetEnvironmentVariable(SiloOverride) is { Length: > 0 } silo ? silo : ProjectPaths.Get(ProjectPaths.Silo);
        var apiAssembly = Environment.GetEnvironmentVariable(ApiOverride) is { Length: > 0 } api ? api : ProjectPaths.Get(ProjectPaths.Api);

        // National first (enrolments ask its person index), then the provinces' silos, then the APIs: the AppHost's order.
        foreach (var cluster in Document.Clusters)
        {
            var silos = cluster.Silos.Select(silo => Add(new JinBaoProcess(SiloName(cluster, silo), siloAssembly, [], environment.Silo(cluster, silo),
                ProcessEnvironment.SiloUrl(silo) + "/health", logs))).ToList();
            silos.ForEach(silo => silo.Start());
            await Task.WhenAll(silos.Select(silo => silo.WaitHealthyAsync(StartTimeout)));
        }

        // Each city system sends far more than its default 600 requests a minute here: the limit is raised so the load is
        // not throttled (the API tests check the limit; this suite checks faults).
        var apis = Document.Clusters.Where(c => c.Api is not null).Select(cluster => Add(new JinBaoProcess("api-" + cluster.ShortName, apiAssembly,
            ["--urls", ProcessEnvironment.ApiUrl(cluster.Api!)], new Dictionary<string, string>(environment.Api(cluster)) { ["JinBao__Api__PermitsPerMinute"] = "60000" },
            ProcessEnvironment.ApiUrl(cluster.Api!) + cluster.Api!.HealthPath, logs))).ToList();
        apis.ForEach(api => api.Start());
        await Task.WhenAll(apis.Select(api => api.WaitHealthyAsync(StartTimeout)));

        // Credentials the way an operator makes them: the API's admin commands against the province's database.
        var cities = new Dictionary<string, DemoCity>(StringComparer.Ordinal);
        foreach (var (city, cluster) in new[] { (Shenzhen, Document.Clusters[1]), (Chengdu, Document.Clusters[2]) })
        {
            var credentials = await DemoCredentials.CreateAsync(apiAssembly, cluster.Id, Databases[cluster.Id], city, "fault-clerk", CancellationToken.None);
            var url = ProcessEnvironment.ApiUrl(cluster.Api!);
            _credentials[city] = (url, credentials);
            var system = CitySystem(city, http, retry);
            var clerk = new DemoApi(http, url, new Dictionary<string, string>
            {
                ["grant_type"] = "password",
                ["username"] = credentials.ClerkLogin,
                ["password"] = credentials.ClerkPassword,
            }, retry);
            cities[city] = new DemoCity(city, cluster.Id, system, clerk);
        }

        Cities = cities;
    }

    private JinBaoProcess Add(JinBaoProcess process)
    {
        _processes.Add(process);
        return process;
    }

    private static string SiloName(ClusterSpec cluster, SiloSpec silo) =>
        cluster.Id == TopologyLoader.NationalClusterId ? "silo-national-" + silo.Name : "silo-" + silo.City;

    public async ValueTask DisposeAsync()
    {
        // Stopped before the database, so no process logs a storm of connection errors on the way out.
        foreach (var process in _processes)
        {
            process.Dispose();
        }

        NpgsqlConnection.ClearAllPools();
        await Postgres.DisposeAsync();

        // The logs stay for whoever reads a failure; the throwaway clusters' private keys do not.
        var keys = Path.Combine(Folder, "keys");
        if (Directory.Exists(keys))
        {
            Directory.Delete(keys, recursive: true);
        }
    }

    /// <summary>Free loopback ports, each handed out once.</summary>
    private sealed class FreePorts
    {
        private readonly HashSet<int> _taken = [];

        public SiloSpec Silo(string city, string name) => new() { City = city, Name = name, SiloPort = Next(), GatewayPort = Next(), HttpPort = Next() };

        public int Next()
        {
            while (true)
            {
                var port = PostgresLoopback.FreePort();
                if (_taken.Add(port))
                {
                    return port;
                }
            }
        }
    }
}
