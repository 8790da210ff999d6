using System.Globalization;

using JinBao.Data;
using JinBao.Primitives;

namespace JinBao.Drawing;

/// <summary>
/// Funeral grant and survivor benefit per drawing province (<c>data/survivor-benefits.csv</c>, SAMPLE values): a fixed
/// funeral grant, and a survivor benefit of a number of months of the deceased's monthly pension as fixed at retirement.
/// </summary>
public sealed class SurvivorBenefits(IReadOnlyDictionary<string, (Money FuneralGrant, int Months)> provinces)
{
    private const string AnyProvince = "000000";

    /// <summary>The values shipped in <c>data/</c>.</summary>
    public static SurvivorBenefits Embedded { get; } = new(EmbeddedData.ReadCsv("survivor-benefits.csv")
        .ToDictionary(row => row[0], row => (Money.FromYuan(decimal.Parse(row[1], CultureInfo.InvariantCulture)), int.Parse(row[2], CultureInfo.InvariantCulture))));

    /// <summary>The funeral grant and survivor benefit due when a retiree of <paramref name="province"/> dies.</summary>
    public (Money FuneralGrant, Money SurvivorBenefit) For(RegionCode province, Money monthlyPension)
    {
        var standard = provinces.TryGetValue(province.Province.Value, out var own) ? own : provinces[AnyProvince];
        return (standard.FuneralGrant, monthlyPension * standard.Months);
    }
}
