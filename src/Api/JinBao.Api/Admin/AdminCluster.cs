using JinBao.Primitives;

namespace JinBao.Api.Admin;

/// <summary>
/// The cluster an admin command writes to, and which cities it may hold credentials for: a province cluster
/// (<c>prov-440000</c>) only its own province's cities, <c>national</c> none, a standalone cluster (any other id) every city.
/// </summary>
/// <remarks>
/// The same reading as the silos' <c>JinBaoCluster</c>: a person of another province is refused there with
/// <c>enrolment-other-province</c>, so a credential for such a city would only ever get that 409.
/// </remarks>
public sealed record AdminCluster(string Id)
{
    private const string NationalId = "national";
    private const string ProvincePrefix = "prov-";

    /// <summary>The province a province cluster serves; null for <c>national</c> and standalone clusters.</summary>
    public RegionCode? Province =>
        Id.StartsWith(ProvincePrefix, StringComparison.Ordinal) && RegionCode.TryParse(Id[ProvincePrefix.Length..], out var province)
            && province.Level == RegionLevel.Province
            ? province
            : null;

    /// <summary>Why <paramref name="city"/> cannot have credentials on this cluster, or null when it can.</summary>
    public string? Refusal(RegionCode city)
    {
        if (Id == NationalId)
        {
            return $"This is the national cluster ({NationalId}): it serves no city, so it has no city credentials or agencies. "
                + $"Run the command against the database of cluster {ProvincePrefix}{city.Province.Value}, the province of {city.Value} ({city.EnglishName}).";
        }

        if (Province is { } province && city.Province != province)
        {
            return $"City {city.Value} ({city.EnglishName}) is in province {city.Province.Value} ({city.Province.EnglishName}), but this is cluster {Id}, "
                + $"which serves only the cities of province {province.Value} ({province.EnglishName}): its API would refuse every request for "
                + $"{city.Value} (enrolment-other-province). Run the command against the database of cluster {ProvincePrefix}{city.Province.Value} "
                + $"(set -a; . .jinbao/env/{ProvincePrefix}{city.Province.Value}.env; set +a).";
        }

        return null;
    }

    public override string ToString() => Id;
}
