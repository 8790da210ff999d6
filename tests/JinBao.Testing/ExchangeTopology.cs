using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

using JinBao.Silo.Hosting;

using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace JinBao.Testing;

/// <summary>
/// Three JinBao clusters in one test process, each on its own database of one <see cref="TestPostgres"/> server, each
/// silo the real silo host (<see cref="SiloHostingExtensions.AddJinBaoSilo"/>, ADO.NET membership, Kestrel serving
/// <c>/exchange/v1</c> on a free loopback port): national (1 silo unless asked for more), Guangdong (2 city silos), Sichuan (1 silo).
/// Keys are generated per run; retries and polls are short so the tests see delivery quickly.
/// </summary>
public sealed class ExchangeTopology : IAsyncDisposable
{
    private readonly Dictionary<string, string> _publicKeys = [];
    private readonly Action<TopologyCluster, IServiceCollection>? _configureServices;

    private ExchangeTopology(TopologyCluster national, TopologyCluster guangdong, TopologyCluster sichuan, Action<TopologyCluster, IServiceCollection>? configureServices)
    {
        _configureServices = configureServices;
        National = national;
        Guangdong = guangdong;
        Sichuan = sichuan;
        foreach (var cluster in All)
        {
            _publicKeys[cluster.Id] = cluster.Key.ExportSubjectPublicKeyInfoPem();
        }
    }

    public TopologyCluster National { get; }

    public TopologyCluster Guangdong { get; }

    public TopologyCluster Sichuan { get; }

    public IReadOnlyList<TopologyCluster> All => [National, Guangdong, Sichuan];

    /// <param name="postgres">The server holding the three clusters' databases.</param>
    /// <param name="configureServices">
    /// Extra services for a cluster's silos, registered before the silo's own (which are added with TryAdd), e.g. other
    /// transfer policies for a benchmark; tests leave it empty and get the shipped wiring.
    /// </param>
    /// <param name="nationalSilos">
    /// Silos of the national cluster (all on its one database, each with its own exchange URL); the tests keep one, the
    /// benchmark runs two so the national exchange is not a single process.
    /// </param>
    public static async Task<ExchangeTopology> StartAsync(TestPostgres postgres, Action<TopologyCluster, IServiceCollection>? configureServices = null, int nationalSilos = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nationalSilos, 1);
        var databases = await Task.WhenAll(postgres.CreateDatabaseAsync("national"), postgres.CreateDatabaseAsync("p440000"), postgres.CreateDatabaseAsync("p510000"));
        var topology = new ExchangeTopology(
            new TopologyCluster("national", databases[0], Enumerable.Repeat("110100", nationalSilos).ToList()),
            new TopologyCluster("prov-440000", databases[1], ["440300", "440100"]),
            new TopologyCluster("prov-510000", databases[2], ["510100"]),
            configureServices);
        try
        {
            await Task.WhenAll(topology.All.Select(topology.StartAsync));
        }
        catch
        {
            await topology.DisposeAsync();
            throw;
        }

        return topology;
    }

    /// <summary>Starts (again) every silo of a cluster, on the same ports and database as before.</summary>
    public async Task StartAsync(TopologyCluster cluster)
    {
        foreach (var silo in cluster.Silos)
        {
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions
            {
                EnvironmentName = "Testing",
                ContentRootPath = AppContext.BaseDirectory,
            });
            builder.Configuration.AddInMemoryCollection(Configuration(cluster, silo));
            builder.Logging.ClearProviders();
            if (Environment.GetEnvironmentVariable("JINBAO_TEST_LOGS") == "1")
            {
                // Timestamped and named after the silo: three clusters log into one console.
                builder.Logging.AddSimpleConsole(o =>
                {
                    o.SingleLine = true;
                    o.UseUtcTimestamp = true;
                    o.TimestampFormat = $"HH:mm:ss.fff '[{cluster.Id}/{silo.City}]' ";
                });
            }

            _configureServices?.Invoke(cluster, builder.Services);
            builder.AddJinBaoSilo();
            var app = builder.Build();
            app.MapJinBaoSilo();
            await app.StartAsync();
            cluster.Hosts.Add(app);
        }
    }

    /// <summary>Stops every silo of a cluster (gracefully, like an operator taking the data centre down): its endpoints refuse connections.</summary>
    public async Task StopAsync(TopologyCluster cluster)
    {
        foreach (var host in cluster.Hosts)
        {
            await host.StopAsync();
            await host.DisposeAsync();
        }

        cluster.Hosts.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var cluster in All)
        {
            await StopAsync(cluster);
            cluster.Key.Dispose();
        }
    }

    private Dictionary<string, string?> Configuration(TopologyCluster cluster, TopologySilo silo)
    {
        var config = new Dictionary<string, string?>
        {
            ["ConnectionStrings:jinbao"] = cluster.ConnectionString,
            ["JinBao:Silo:ClusterId"] = cluster.Id,
            ["JinBao:Silo:City"] = silo.City,
            ["JinBao:Silo:SiloPort"] = Text(silo.SiloPort),
            ["JinBao:Silo:GatewayPort"] = Text(silo.GatewayPort),
            ["JinBao:Silo:HttpPort"] = Text(silo.HttpPort),
            ["JinBao:Silo:AdvertisedAddress"] = "127.0.0.1",
            ["JinBao:Exchange:PrivateKeyPem"] = cluster.Key.ExportPkcs8PrivateKeyPem(),
            ["JinBao:Exchange:NationalUrl"] = National.Urls,
            ["JinBao:Exchange:PollInterval"] = "00:00:00.100",
            ["JinBao:Exchange:RetryBaseDelay"] = "00:00:00.200",
            ["JinBao:Exchange:RetryMaxDelay"] = "00:00:01",
            ["JinBao:Exchange:RequestTimeout"] = "00:00:05",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (id, pem) in _publicKeys)
        {
            config[$"JinBao:Exchange:Keys:{id}"] = pem;
        }

        if (cluster == National)
        {
            config["JinBao:Exchange:Routes:prov-440000"] = Guangdong.Urls;
            config["JinBao:Exchange:Routes:prov-510000"] = Sichuan.Urls;
        }

        return config;
    }

    private static string Text(int port) => port.ToString(CultureInfo.InvariantCulture);
}

/// <summary>One cluster of the topology: its id, database, signing key and silos.</summary>
public sealed class TopologyCluster(string id, string connectionString, IReadOnlyList<string> cities)
{
    public string Id { get; } = id;

    public string ConnectionString { get; } = connectionString;

    public ECDsa Key { get; } = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public IReadOnlyList<TopologySilo> Silos { get; } = cities.Select(city => new TopologySilo(city, FreePort(), FreePort(), FreePort())).ToList();

    public List<WebApplication> Hosts { get; } = [];

    /// <summary>The silos' exchange base URLs, <c>;</c>-separated, as configuration takes them.</summary>
    public string Urls => string.Join(';', Silos.Select(s => $"http://127.0.0.1:{s.HttpPort}"));

    /// <summary>A grain factory of a running silo of this cluster.</summary>
    public IGrainFactory Grains => Hosts.Count > 0
        ? Hosts[0].Services.GetRequiredService<IGrainFactory>()
        : throw new InvalidOperationException($"{Id} is stopped.");

    public override string ToString() => Id;

    /// <summary>
    /// A free port below Linux's ephemeral range (32768–60999): outgoing connections (Npgsql, HTTP) take ephemeral
    /// ports, so a port chosen there could be taken between choosing it and a silo binding it, or across a restart.
    /// </summary>
    private static int FreePort()
    {
        while (true)
        {
            var port = Random.Shared.Next(20000, 32000);
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // taken: try another
            }
        }
    }
}

public sealed record TopologySilo(string City, int SiloPort, int GatewayPort, int HttpPort);
