using System.Globalization;

using JinBao.Data;
using JinBao.Errors;
using JinBao.Primitives;

namespace JinBao.Policies;

/// <summary>
/// Each province's average monthly wage of urban-unit employees by year (全口径城镇单位就业人员平均工资), from
/// <c>data/provincial-wages.csv</c>. It sets the contribution base range (spec §2.1) and the computation base (spec §2.2).
/// </summary>
public sealed class ProvincialWages(IReadOnlyDictionary<(string Province, int Year), Money> wages)
{
    public static ProvincialWages Official { get; } = new(EmbeddedData.ReadCsv("provincial-wages.csv").ToDictionary(
        row => (RegionCode.Parse(row[0]).Value, int.Parse(row[1], CultureInfo.InvariantCulture)),
        row => Money.FromYuan(decimal.Parse(row[2], CultureInfo.InvariantCulture))));

    /// <exception cref="JinBaoException">The province's wage for that year is not configured.</exception>
    public Money AverageMonthlyWage(RegionCode province, int year) =>
        wages.TryGetValue((province.Province.Value, year), out var wage)
            ? wage
            : throw new JinBaoException(ErrorKind.RuleViolation, "average-wage-unknown",
                $"The average wage of province {province.Province.Value} for {year} is not configured; add it to data/provincial-wages.csv.");
}
