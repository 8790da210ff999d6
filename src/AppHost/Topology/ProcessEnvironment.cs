using System.Globalization;

namespace JinBao.AppHost.Topology;

/// <summary>
/// The environment each JinBao process of a topology is started with: the configuration a silo, an API or a migrator
/// reads. Written once for every launcher: the AppHost hands it to Aspire, the fault suite (<c>tests/JinBao.FaultTests</c>)
/// starts the same processes itself so that it can kill and restart them.
/// </summary>
public sealed class ProcessEnvironment(TopologyDocument topology, ExchangeKeys keys, Func<ClusterSpec, string> connectionString)
{
    /// <summary>The connection string name silos, APIs and migrators read (<c>ConnectionStrings__jinbao</c>).</summary>
    public const string ConnectionName = "jinbao";

    private IEnumerable<ClusterSpec> Provinces => topology.Clusters.Where(c => c.Id != TopologyLoader.NationalClusterId);

    /// <summary>What the migrator of <paramref name="cluster"/> needs: its database.</summary>
    public IReadOnlyDictionary<string, string> Migrator(ClusterSpec cluster) =>
        new Dictionary<string, string>(StringComparer.Ordinal) { ["ConnectionStrings__" + ConnectionName] = connectionString(cluster) };

    /// <summary>
    /// A city silo: its cluster, city and ports, and the exchange: its private key file, every cluster's public key
    /// (creating the keys on first use), and where to send documents (provinces: the national silos; national: each
    /// province's silos). Keys use the bare province code (<c>440000</c>), which the exchange reads as
    /// <c>prov-440000</c>, so no variable name has a '-'.
    /// </summary>
    public IReadOnlyDictionary<string, string> Silo(ClusterSpec cluster, SiloSpec silo)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ConnectionStrings__" + ConnectionName] = connectionString(cluster),
            ["JinBao__Silo__ClusterId"] = cluster.Id,
            ["JinBao__Silo__ServiceId"] = topology.ServiceId,
            ["JinBao__Silo__City"] = silo.City,
            ["JinBao__Silo__SiloPort"] = Invariant(silo.SiloPort),
            ["JinBao__Silo__GatewayPort"] = Invariant(silo.GatewayPort),
            ["JinBao__Silo__HttpPort"] = Invariant(silo.HttpPort),
            ["JinBao__Silo__AdvertisedAddress"] = "127.0.0.1",
            ["JinBao__Exchange__PrivateKeyPath"] = keys.PrivateKeyPath(cluster.Id),
        };
        foreach (var other in topology.Clusters)
        {
            environment[$"JinBao__Exchange__Keys__{other.ShortName}"] = keys.PublicKeyPem(other.Id);
        }

        if (cluster.Id == TopologyLoader.NationalClusterId)
        {
            foreach (var province in Provinces)
            {
                environment[$"JinBao__Exchange__Routes__{province.ShortName}"] = SiloUrls([province]);
            }
        }
        else if (SiloUrls(topology.Clusters.Where(c => c.Id == TopologyLoader.NationalClusterId)) is { Length: > 0 } nationalUrl)
        {
            environment["JinBao__Exchange__NationalUrl"] = nationalUrl;
        }

        return environment;
    }

    /// <summary>
    /// A province's API: its cluster and database, and each other province's portal, to which its portal sends a person
    /// whose relationship moved there.
    /// </summary>
    public IReadOnlyDictionary<string, string> Api(ClusterSpec cluster)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ConnectionStrings__" + ConnectionName] = connectionString(cluster),
            ["JinBao__Api__ClusterId"] = cluster.Id,
            ["JinBao__Api__ServiceId"] = topology.ServiceId,
        };
        foreach (var other in Provinces.Where(other => other.Id != cluster.Id && other.Api is not null))
        {
            environment[$"JinBao__Portal__Provinces__{other.ShortName}"] = ApiUrl(other.Api!) + "/portal";
        }

        return environment;
    }

    /// <summary>Where an API listens (its <c>--urls</c>).</summary>
    public static string ApiUrl(ApiSpec api) => $"http://127.0.0.1:{Invariant(api.Port)}";

    /// <summary>Where a silo serves <c>/health</c>, the dashboard and the exchange.</summary>
    public static string SiloUrl(SiloSpec silo) => $"http://127.0.0.1:{Invariant(silo.HttpPort)}";

    private static string SiloUrls(IEnumerable<ClusterSpec> clusters) => string.Join(';', clusters.SelectMany(c => c.Silos).Select(SiloUrl));

    private static string Invariant(int port) => port.ToString(CultureInfo.InvariantCulture);
}
