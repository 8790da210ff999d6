using JinBao.Primitives;

namespace JinBao.Exchange;

/// <summary>
/// Which JinBao cluster this silo belongs to (design.md §1): <c>national</c> (exchange, person index, clearing), a
/// province (<c>prov-440000</c>: the persons and agencies of that province's cities), or standalone.
/// </summary>
/// <remarks>
/// Standalone is a cluster without exchange keys: it serves every region itself, as one cluster did before the
/// national exchange existed (a developer's single silo, the intra-province test clusters). A province cluster serves
/// only its own cities; everything that involves another province travels as a signed document.
/// </remarks>
public sealed record JinBaoCluster
{
    public const string NationalId = "national";
    public const string ProvincePrefix = "prov-";

    private JinBaoCluster(string id, RegionCode? province)
    {
        Id = id;
        Province = province;
    }

    public static JinBaoCluster Standalone { get; } = new("", null);

    public static JinBaoCluster National { get; } = new(NationalId, null);

    /// <summary>The cluster id (<c>national</c>, <c>prov-440000</c>), empty when standalone.</summary>
    public string Id { get; }

    /// <summary>The province a province cluster serves; null for national and standalone.</summary>
    public RegionCode? Province { get; }

    public bool IsStandalone => Id.Length == 0;

    public bool IsNational => Id == NationalId;

    /// <summary>True for a province cluster, which takes part in the exchange.</summary>
    public bool IsProvince => Province is not null;

    /// <summary>The province cluster of <paramref name="province"/>.</summary>
    public static JinBaoCluster OfProvince(RegionCode province) => new(IdOf(province), province.Province);

    /// <summary>The cluster id that serves a region: <c>prov-</c> + its province code.</summary>
    public static string IdOf(RegionCode region) => ProvincePrefix + region.Province.Value;

    /// <summary>Parses <c>national</c> or <c>prov-&lt;province code&gt;</c>; false for anything else.</summary>
    public static bool TryParse(string? text, out JinBaoCluster cluster)
    {
        cluster = Standalone;
        if (text == NationalId)
        {
            cluster = National;
            return true;
        }

        if (text is not null && text.StartsWith(ProvincePrefix, StringComparison.Ordinal)
            && RegionCode.TryParse(text[ProvincePrefix.Length..], out var province) && province.Level == RegionLevel.Province)
        {
            cluster = OfProvince(province);
            return true;
        }

        return false;
    }

    /// <summary>Whether this cluster holds the persons and agency of <paramref name="region"/>.</summary>
    public bool Serves(RegionCode region) => IsStandalone || (Province is { } province && region.Province == province);

    public override string ToString() => IsStandalone ? "standalone" : Id;
}
