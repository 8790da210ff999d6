using JinBao.Data;
using JinBao.Primitives;

namespace JinBao.Policies;

/// <summary>
/// Which pooling area (统筹地区) a city belongs to. By default a province pools at province level; the cities listed
/// in <c>data/pooling-areas.csv</c> run their own fund (Shenzhen is the real example). A move between two pooling
/// areas moves funds; a move inside one moves only the relationship and the records.
/// </summary>
public sealed class PoolingAreas
{
    private readonly Dictionary<string, string> _separateCities;

    /// <summary>Pooling areas where the listed cities pool on their own and every other city pools with its province.</summary>
    public PoolingAreas(IEnumerable<string> separateCities) =>
        _separateCities = separateCities.ToDictionary(city => city, city => city);

    /// <summary>The areas of <c>data/pooling-areas.csv</c>, shipped inside the assembly.</summary>
    public static PoolingAreas Official { get; } = new(EmbeddedData.ReadCsv("pooling-areas.csv").Select(row => RegionCode.Parse(row[0]).Value));

    /// <summary>The pooling area code of a city: the city itself when it pools on its own, else its province.</summary>
    public string Of(RegionCode city) => _separateCities.TryGetValue(city.Value, out var area) ? area : city.Province.Value;
}
