using System.Text.Json;
using System.Text.RegularExpressions;

namespace JinBao.AppHost.Topology;

/// <summary>The topology file cannot start; the message lists every problem.</summary>
public sealed class TopologyException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Reads <c>topology.json</c> and refuses a topology that could not start, listing every problem.</summary>
public static partial class TopologyLoader
{
    public const string ProvincePrefix = "prov-";
    public const string NationalClusterId = "national";

    // Comments are allowed so the shipped file can explain itself and carry the national cluster commented out.
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
    };

    public static TopologyDocument Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new TopologyException($"Topology file {path} does not exist.");
        }

        TopologyDocument? document;
        try
        {
            document = JsonSerializer.Deserialize<TopologyDocument>(File.ReadAllText(path), JsonOptions);
        }
        catch (JsonException ex)
        {
            throw new TopologyException($"Topology file {path} is not valid: {ex.Message}", ex);
        }

        if (document is null)
        {
            throw new TopologyException($"Topology file {path} is empty.");
        }

        var problems = Validate(document);
        if (problems.Count > 0)
        {
            throw new TopologyException($"Topology file {path} cannot start:" + string.Concat(problems.Select(p => "\n  - " + p)));
        }

        return document;
    }

    /// <summary>Every problem of the topology; empty when it can start.</summary>
    public static IReadOnlyList<string> Validate(TopologyDocument document)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(document.ServiceId))
        {
            problems.Add("serviceId must be set (e.g. \"jinbao\"); stored grain state is keyed by it.");
        }

        if (document.Clusters.Count == 0)
        {
            problems.Add("clusters is empty: declare at least one cluster.");
        }

        var ports = new Dictionary<int, string>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        void ClaimPort(int port, string owner)
        {
            if (port is < 1024 or > 65535)
            {
                problems.Add($"{owner} port {port} must be between 1024 and 65535.");
            }
            else if (!ports.TryAdd(port, owner))
            {
                problems.Add($"{owner} port {port} is already used by {ports[port]}.");
            }
        }

        void ClaimName(string name)
        {
            if (!names.Add(name))
            {
                problems.Add($"Two resources would be called {name}; give one of the silos a \"name\".");
            }
        }

        foreach (var cluster in document.Clusters)
        {
            var province = ParseClusterId(cluster.Id, problems);
            if (!DatabaseName().IsMatch(cluster.Database))
            {
                problems.Add($"Cluster {cluster.Id}: database \"{cluster.Database}\" must be lower-case letters, digits and '_', starting with a letter, at most 63 characters.");
            }
            else if (document.Clusters.Count(c => c.Database == cluster.Database) > 1)
            {
                problems.Add($"Cluster {cluster.Id}: database {cluster.Database} is used by another cluster; each cluster needs its own.");
            }

            ClaimName(MigratorResourceName(cluster));
            if (cluster.Silos.Count == 0)
            {
                problems.Add($"Cluster {cluster.Id} has no silos.");
            }

            foreach (var silo in cluster.Silos)
            {
                var name = SiloResourceName(cluster, silo);
                ClaimName(name);
                if (silo.Name is { } siloName && !SiloName().IsMatch(siloName))
                {
                    problems.Add($"{name}: name \"{siloName}\" must be lower-case letters, digits and '-' (e.g. shenzhen).");
                }

                if (!CityCode().IsMatch(silo.City) || silo.City.EndsWith("0000", StringComparison.Ordinal))
                {
                    problems.Add($"{name}: city \"{silo.City}\" is not a city code (six digits ending in 00, e.g. 440300).");
                }
                else if (province is { } p && silo.City[..2] != p)
                {
                    problems.Add($"{name}: city {silo.City} is not in the province of cluster {cluster.Id}.");
                }

                ClaimPort(silo.SiloPort, $"{name} silo");
                ClaimPort(silo.GatewayPort, $"{name} gateway");
                ClaimPort(silo.HttpPort, $"{name} HTTP");
            }

            if (cluster.Api is { } api)
            {
                var name = ApiResourceName(cluster);
                ClaimName(name);
                ClaimPort(api.Port, name);
                if (!api.HealthPath.StartsWith('/'))
                {
                    problems.Add($"{name}: healthPath \"{api.HealthPath}\" must start with '/'.");
                }
            }
        }

        if (document.Clusters.Select(c => c.Id).Distinct(StringComparer.Ordinal).Count() != document.Clusters.Count)
        {
            problems.Add("Two clusters have the same id.");
        }

        return problems;
    }

    /// <summary>
    /// <c>silo-440300-shenzhen</c> (city code and the silo's <c>name</c>); <c>silo-national</c> for the national cluster,
    /// whose city is only a placeholder.
    /// </summary>
    public static string SiloResourceName(ClusterSpec cluster, SiloSpec silo) =>
        cluster.Id == NationalClusterId && cluster.Silos.Count == 1 ? "silo-national"
        : silo.Name is { Length: > 0 } name ? $"silo-{silo.City}-{name}"
        : $"silo-{silo.City}";

    public static string ApiResourceName(ClusterSpec cluster) => "api-" + cluster.ShortName;

    /// <summary>The one-shot resource that creates and migrates the cluster's database.</summary>
    public static string MigratorResourceName(ClusterSpec cluster) => "migrate-" + cluster.ShortName;

    // The silo checks the codes against the region catalogue at start; here only their shape, so a typo fails early.
    private static string? ParseClusterId(string id, List<string> problems)
    {
        if (id == NationalClusterId)
        {
            return null;
        }

        if (id.StartsWith(ProvincePrefix, StringComparison.Ordinal) && ProvinceCode().IsMatch(id[ProvincePrefix.Length..]))
        {
            return id[ProvincePrefix.Length..][..2];
        }

        problems.Add($"Cluster id \"{id}\" must be \"national\" or \"prov-\" followed by a province code, e.g. prov-440000.");
        return null;
    }

    [GeneratedRegex("^[a-z][a-z0-9_]{0,62}$")]
    private static partial Regex DatabaseName();

    [GeneratedRegex("^[1-9][0-9]0000$")]
    private static partial Regex ProvinceCode();

    [GeneratedRegex("^[1-9][0-9]{3}00$")]
    private static partial Regex CityCode();

    [GeneratedRegex("^[a-z][a-z0-9-]{0,30}$")]
    private static partial Regex SiloName();
}
