using System.Collections.Frozen;

using JinBao.Data;

namespace JinBao.Primitives;

/// <summary>
/// Every GB/T 2260 administrative division code in use at any time since 1981 (<c>data/gb2260-division-codes.csv</c>,
/// CC0, compiled from the Ministry of Civil Affairs' yearly lists): a citizen id keeps the address code of the place
/// that first issued it, so a code abolished since (崇文区 110103, merged in 2010) is as valid as today's.
/// </summary>
/// <remarks>
/// Beyond the file, two kinds of code are accepted by rule: <c>830000</c>, the address code of Taiwan residents'
/// residence permits (since 2018; GB/T 2260's Taiwan is 710000), and a prefecture's <c>xxxx01</c> 市辖区 (its urban
/// districts taken together), which the yearly lists carried as a line of their own and ids of the time bear.
/// </remarks>
public static class AddressCodes
{
    private const string TaiwanResidencePermit = "830000";
    private const string UrbanDistrictsSuffix = "01";
    private const string UrbanDistrictsName = "市辖区";

    private static readonly Lazy<FrozenDictionary<string, Division>> Catalogue = new(Load);
    private static readonly Lazy<string[]> Sorted = new(() => [.. Catalogue.Value.Keys.Order(StringComparer.Ordinal)]);

    /// <summary>Every code of the file, in code order (for tests that need real codes).</summary>
    public static IReadOnlyList<string> All => Sorted.Value;

    /// <summary>True when <paramref name="code"/> is an address code a citizen id can carry.</summary>
    public static bool IsKnown(string code) => PlaceName(code) is not null;

    /// <summary>
    /// The full name of the place, e.g. <c>广东省深圳市福田区</c>, with <c>（已撤销）</c> after one since abolished;
    /// null for a code that never existed.
    /// </summary>
    public static string? PlaceName(string code)
    {
        if (Catalogue.Value.TryGetValue(code, out var division))
        {
            return division.FullName + (division.InUse ? "" : "（已撤销）");
        }

        if (code == TaiwanResidencePermit)
        {
            return "台湾居民居住证";
        }

        return code.EndsWith(UrbanDistrictsSuffix, StringComparison.Ordinal)
            && Catalogue.Value.TryGetValue(code[..4] + "00", out var prefecture) && prefecture.Level == "地级"
            ? prefecture.FullName + UrbanDistrictsName
            : null;
    }

    private static FrozenDictionary<string, Division> Load()
    {
        // 代码,一级行政区,二级行政区,名称,级别,状态,启用时间,变更/弃用时间,新代码 — a code abolished and later reused appears once per spell.
        var divisions = new Dictionary<string, Division>(StringComparer.Ordinal);
        foreach (var row in EmbeddedData.ReadCsv("gb2260-division-codes.csv"))
        {
            var (code, province, prefecture, name, level, inUse) = (row[0], row[1], row[2], row[3], row[4], row[5] == "在用");
            var fullName = level switch
            {
                "省级" => name,
                "地级" => province + name,
                _ => province + (prefecture is "" or "直辖" or "省直辖" ? "" : prefecture) + name,
            };
            if (!divisions.TryGetValue(code, out var known) || inUse || !known.InUse)
            {
                divisions[code] = new Division(fullName, level, inUse);
            }
        }

        return divisions.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private sealed record Division(string FullName, string Level, bool InUse);
}
