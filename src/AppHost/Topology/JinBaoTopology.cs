using JinBao.AppHost.Resources;
using JinBao.AppHost.Running;
using JinBao.Primitives;

namespace JinBao.AppHost.Topology;

/// <summary>
/// The JinBao graph, declared in code: PostgreSQL; per cluster a database, its city silos (waiting for the
/// database) and its API (waiting for every silo of the cluster). The topology file only says how many and where.
/// </summary>
public static class JinBaoTopology
{
    /// <summary>The connection string name silos and APIs read (<c>ConnectionStrings__jinbao</c>).</summary>
    public const string ConnectionName = "jinbao";

    // Orleans' graceful shutdown hands the silo's grains over and leaves the membership table; give it time.
    private static readonly TimeSpan SiloStopTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ApiStopTimeout = TimeSpan.FromSeconds(15);

    public static DistributedApplicationBuilder AddJinBaoTopology(this DistributedApplicationBuilder builder, TopologyDocument topology)
    {
        var siloAssembly = ProjectPaths.Get(ProjectPaths.Silo);
        var apiAssembly = ProjectPaths.Get(ProjectPaths.Api);
        var postgres = builder.AddPostgres("postgres");

        // The national cluster first: resources are declared in start order, and every province silo waits for the
        // national silos (its enrolments ask the national person index, fail-closed).
        var clusters = topology.Clusters.OrderBy(c => c.Id == TopologyLoader.NationalClusterId ? 0 : 1).ToList();
        var keys = new ExchangeKeys(builder.Options.DataFolder, [.. clusters.Select(c => c.Id)]);
        var nationalUrl = SiloUrls(clusters.Where(c => c.Id == TopologyLoader.NationalClusterId));
        var nationalSilos = new List<ProjectResource>();
        foreach (var cluster in clusters)
        {
            var database = postgres.AddDatabase(TopologyLoader.DatabaseResourceName(cluster), cluster.Database);
            var silos = cluster.Silos
                .Select(silo => builder.AddProject(TopologyLoader.SiloResourceName(cluster, silo), "silo", siloAssembly)
                    .WithDescription($"{cluster.Id} silo, {RegionCode.Parse(silo.City).EnglishName} {silo.City}")
                    .WithReference(database, ConnectionName)
                    .WithEnvironment("JinBao__Silo__ClusterId", cluster.Id)
                    .WithEnvironment("JinBao__Silo__ServiceId", topology.ServiceId)
                    .WithEnvironment("JinBao__Silo__City", silo.City)
                    .WithEnvironment("JinBao__Silo__SiloPort", Invariant(silo.SiloPort))
                    .WithEnvironment("JinBao__Silo__GatewayPort", Invariant(silo.GatewayPort))
                    .WithEnvironment("JinBao__Silo__HttpPort", Invariant(silo.HttpPort))
                    .WithEnvironment("JinBao__Silo__AdvertisedAddress", "127.0.0.1")
                    .WithHttpEndpoint(silo.HttpPort)
                    .WithHttpHealthCheck("/health")
                    .WithUrl("dashboard", "/dashboard")
                    .WithUrl("health", "/health")
                    .WithPort(silo.SiloPort, "silo-to-silo")
                    .WithPort(silo.GatewayPort, "gateway")
                    .WithStopTimeout(SiloStopTimeout)
                    .WithExchange(cluster, clusters, keys, nationalUrl)
                    .WaitFor(database)
                    .WaitFor(nationalSilos))
                .ToList();
            if (cluster.Id == TopologyLoader.NationalClusterId)
            {
                nationalSilos.AddRange(silos);
            }

            if (cluster.Api is { } api)
            {
                builder.AddProject(TopologyLoader.ApiResourceName(cluster), "api", apiAssembly)
                    .WithDescription($"{cluster.Id} REST API")
                    .WithArgs("--urls", $"http://127.0.0.1:{Invariant(api.Port)}")
                    .WithReference(database, ConnectionName)
                    .WithEnvironment("JinBao__Api__ClusterId", cluster.Id)
                    .WithEnvironment("JinBao__Api__ServiceId", topology.ServiceId)
                    .WithHttpEndpoint(api.Port)
                    .WithHttpHealthCheck(api.HealthPath)
                    .WithUrl("api", "/")
                    .WithUrl("docs", "/docs", checkServed: true)
                    .WithUrl("openapi", "/openapi/v1.json", checkServed: true)
                    .WithStopTimeout(ApiStopTimeout)
                    .WaitFor(silos);
            }
        }

        return builder;
    }

    /// <summary>
    /// Switches the exchange on for a silo: its private key file, every cluster's public key, and where to send
    /// documents (provinces: the national silos; national: each province's silos). Keys use the bare province code
    /// (<c>440000</c>), which the exchange reads as <c>prov-440000</c>, so no environment variable name has a '-'.
    /// </summary>
    private static ProjectResource WithExchange(this ProjectResource silo, ClusterSpec cluster, IReadOnlyList<ClusterSpec> clusters, ExchangeKeys keys, string nationalUrl)
    {
        silo.WithEnvironment("JinBao__Exchange__PrivateKeyPath", keys.PrivateKeyPath(cluster.Id));
        foreach (var other in clusters)
        {
            var id = other.Id;
            silo.WithEnvironment($"JinBao__Exchange__Keys__{other.ShortName}", () => keys.PublicKeyPem(id));
        }

        if (cluster.Id == TopologyLoader.NationalClusterId)
        {
            foreach (var province in clusters.Where(c => c.Id != TopologyLoader.NationalClusterId))
            {
                silo.WithEnvironment($"JinBao__Exchange__Routes__{province.ShortName}", SiloUrls([province]));
            }
        }
        else if (nationalUrl.Length > 0)
        {
            silo.WithEnvironment("JinBao__Exchange__NationalUrl", nationalUrl);
        }

        return silo;
    }

    private static string SiloUrls(IEnumerable<ClusterSpec> clusters) =>
        string.Join(';', clusters.SelectMany(c => c.Silos).Select(s => $"http://127.0.0.1:{Invariant(s.HttpPort)}"));

    private static string Invariant(int port) => port.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
