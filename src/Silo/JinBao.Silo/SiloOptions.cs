using System.Net;

using JinBao.Primitives;

using Microsoft.Extensions.Options;

namespace JinBao.Silo;

/// <summary>Where this silo stands: its province cluster, its city, its ports. Section <c>JinBao:Silo</c>.</summary>
public sealed class SiloOptions
{
    public const string SectionName = "JinBao:Silo";

    /// <summary>The Orleans cluster this silo joins: <c>prov-440000</c> for a province, <c>national</c> for the exchange.</summary>
    public string ClusterId { get; set; } = "";

    /// <summary>Stable across deployments; grain storage and reminders are keyed by it. Changing it orphans stored state.</summary>
    public string ServiceId { get; set; } = "jinbao";

    /// <summary>The city this silo serves (GB/T 2260 city code), recorded as silo metadata <c>city</c>.</summary>
    public string City { get; set; } = "";

    /// <summary>Silo-to-silo port.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Client gateway port (the API connects here).</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>The address other silos and clients use to reach this silo.</summary>
    public string AdvertisedAddress { get; set; } = "127.0.0.1";

    /// <summary>Port of the silo's own HTTP endpoint: <c>/health</c> and the Orleans dashboard at <c>/dashboard</c>.</summary>
    public int HttpPort { get; set; } = 8080;

    /// <summary>
    /// Who may open the Orleans dashboard, which has no login of its own: <see cref="DashboardAccess.Loopback"/> (the
    /// default: a browser on the silo's host, or through an SSH tunnel), <see cref="DashboardAccess.Off"/>, or
    /// <see cref="DashboardAccess.Everyone"/> who reaches the HTTP port — which other clusters must reach for the exchange.
    /// </summary>
    public DashboardAccess Dashboard { get; set; } = DashboardAccess.Loopback;
}

/// <summary>Who may open the Orleans dashboard (<see cref="SiloOptions.Dashboard"/>).</summary>
public enum DashboardAccess
{
    Loopback,
    Off,
    Everyone,
}

/// <summary>Refuses to start a silo whose configuration is wrong, and says what to fix.</summary>
public sealed class SiloOptionsValidator : IValidateOptions<SiloOptions>
{
    public ValidateOptionsResult Validate(string? name, SiloOptions options)
    {
        var failures = new List<string>();
        if (!IsClusterId(options.ClusterId))
        {
            failures.Add($"JinBao:Silo:ClusterId '{options.ClusterId}' must be 'national' or 'prov-' followed by a province code, e.g. prov-440000.");
        }

        if (string.IsNullOrWhiteSpace(options.ServiceId))
        {
            failures.Add("JinBao:Silo:ServiceId must be set (e.g. 'jinbao'); it keys all stored state.");
        }

        if (!RegionCode.TryParse(options.City, out var city) || city.Level != RegionLevel.City)
        {
            failures.Add($"JinBao:Silo:City '{options.City}' must be a known city code such as 440300 (Shenzhen).");
        }
        else if (options.ClusterId.StartsWith("prov-", StringComparison.Ordinal) && options.ClusterId != $"prov-{city.Province.Value}")
        {
            failures.Add($"JinBao:Silo:City {options.City} belongs to province {city.Province.Value}, not to cluster {options.ClusterId}.");
        }

        foreach (var (key, port) in new[] { ("SiloPort", options.SiloPort), ("GatewayPort", options.GatewayPort), ("HttpPort", options.HttpPort) })
        {
            if (port is < 1 or > 65535)
            {
                failures.Add($"JinBao:Silo:{key} {port} must be a TCP port between 1 and 65535.");
            }
        }

        if (options.SiloPort == options.GatewayPort || options.SiloPort == options.HttpPort || options.GatewayPort == options.HttpPort)
        {
            failures.Add("JinBao:Silo:SiloPort, GatewayPort and HttpPort must all differ.");
        }

        if (!IPAddress.TryParse(options.AdvertisedAddress, out _))
        {
            failures.Add($"JinBao:Silo:AdvertisedAddress '{options.AdvertisedAddress}' must be an IP address, e.g. 127.0.0.1.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsClusterId(string clusterId) =>
        clusterId == "national"
        || (clusterId.StartsWith("prov-", StringComparison.Ordinal)
            && RegionCode.TryParse(clusterId[5..], out var province) && province.Level == RegionLevel.Province);
}
