namespace JinBao.AppHost.Topology;

/// <summary>The whole local topology as written in <c>topology.json</c>.</summary>
public sealed record TopologyDocument
{
    /// <summary>Orleans ServiceId shared by every cluster; stored grain state is keyed by it.</summary>
    public string ServiceId { get; init; } = "jinbao";

    public IReadOnlyList<ClusterSpec> Clusters { get; init; } = [];
}

/// <summary>One Orleans cluster: a province (<c>prov-440000</c>) or <c>national</c>, with its own database.</summary>
public sealed record ClusterSpec
{
    public string Id { get; init; } = "";

    /// <summary>The PostgreSQL database of this cluster, created and migrated by its <c>migrate-…</c> resource.</summary>
    public string Database { get; init; } = "";

    public IReadOnlyList<SiloSpec> Silos { get; init; } = [];

    /// <summary>The cluster's REST API; none when absent.</summary>
    public ApiSpec? Api { get; init; }

    /// <summary><c>440000</c> for <c>prov-440000</c>, <c>national</c> for the national cluster; used in resource names.</summary>
    public string ShortName => Id.StartsWith(TopologyLoader.ProvincePrefix, StringComparison.Ordinal) ? Id[TopologyLoader.ProvincePrefix.Length..] : Id;
}

/// <summary>One city silo and its three ports on 127.0.0.1.</summary>
public sealed record SiloSpec
{
    /// <summary>GB/T 2260 city code, recorded as silo metadata <c>city</c>.</summary>
    public string City { get; init; } = "";

    /// <summary>A short lower-case name (the city's), giving the resource name <c>silo-440300-shenzhen</c>.</summary>
    public string? Name { get; init; }

    public int SiloPort { get; init; }

    public int GatewayPort { get; init; }

    /// <summary>Serves <c>/health</c> and the Orleans dashboard at <c>/dashboard</c>.</summary>
    public int HttpPort { get; init; }
}

/// <summary>The REST API of a cluster.</summary>
public sealed record ApiSpec
{
    public int Port { get; init; }

    /// <summary>The path that answers 200 once the API can serve; the AppHost waits for it.</summary>
    public string HealthPath { get; init; } = "/health/ready";
}
