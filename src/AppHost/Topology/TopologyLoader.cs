using System.Text.Json;
using System.Text.RegularExpressions;

using JinBao.AppHost.Running;
using JinBao.Primitives;

namespace JinBao.AppHost.Topology;

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
            throw new AppHostException($"Topology file {path} does not exist.");
        }

        TopologyDocument? document;
        try
        {
            document = JsonSerializer.Deserialize<TopologyDocument>(File.ReadAllText(path), JsonOptions);
        }
        catch (JsonException ex)
        {
            throw new AppHostException($"Topology file {path} is not valid: {ex.Message}", ex);
        }

        if (document is null)
        {
            throw new AppHostException($"Topology file {path} is empty.");
        }

        var problems = Validate(document);
        if (problems.Count > 0)
        {
            throw new AppHostException($"Topology file {path} cannot start:" + string.Concat(problems.Select(p => "\n  - " + p)));
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

            ClaimName("db-" + cluster.ShortName);
            if (cluster.Silos.Count == 0)
            {
                problems.Add($"Cluster {cluster.Id} has no silos.");
            }

            foreach (var silo in cluster.Silos)
            {
                var name = SiloResourceName(cluster, silo);
                ClaimName(name);
                if (!RegionCode.TryParse(silo.City, out var city) || city.Level != RegionLevel.City)
                {
                    problems.Add($"{name}: city \"{silo.City}\" is not a city code of data/regions.csv (e.g. 440300).");
                }
                else if (province is { } p && city.Province != p)
                {
                    problems.Add($"{name}: city {silo.City} ({city.EnglishName}) is in province {city.Province.Value}, not in cluster {cluster.Id}.");
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

    /// <summary><c>silo-440300</c>; <c>silo-national-110100</c> in the national cluster, whose city is only a placeholder.</summary>
    public static string SiloResourceName(ClusterSpec cluster, SiloSpec silo) =>
        silo.Name ?? (cluster.Id == NationalClusterId ? $"silo-national-{silo.City}" : $"silo-{silo.City}");

    public static string ApiResourceName(ClusterSpec cluster) => "api-" + cluster.ShortName;

    public static string DatabaseResourceName(ClusterSpec cluster) => "db-" + cluster.ShortName;

    // The same rule as the silo's own validation, checked here so a typo fails before anything starts.
    private static RegionCode? ParseClusterId(string id, List<string> problems)
    {
        if (id == NationalClusterId)
        {
            return null;
        }

        if (id.StartsWith(ProvincePrefix, StringComparison.Ordinal)
            && RegionCode.TryParse(id[ProvincePrefix.Length..], out var province)
            && province.Level == RegionLevel.Province)
        {
            return province;
        }

        problems.Add($"Cluster id \"{id}\" must be \"national\" or \"prov-\" followed by a province code, e.g. prov-440000.");
        return null;
    }

    [GeneratedRegex("^[a-z][a-z0-9_]{0,62}$")]
    private static partial Regex DatabaseName();
}
