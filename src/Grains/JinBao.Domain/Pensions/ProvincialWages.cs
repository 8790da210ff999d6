using System.Globalization;

using JinBao.Data;
using JinBao.Errors;
using JinBao.Primitives;

namespace JinBao.Pensions;

/// <summary>Provincial average monthly wages by year: the base range of contributions and the pension computation base.</summary>
public sealed class ProvincialWages
{
    private static readonly Lazy<ProvincialWages> EmbeddedWages = new(LoadEmbedded);

    private readonly Dictionary<(string Province, int Year), Money> _wages = [];

    /// <summary>A table of wages.</summary>
    /// <exception cref="JinBaoException">A malformed province, a wage that is not positive, or a province-year given twice.</exception>
    public ProvincialWages(IEnumerable<ProvincialWage> wages)
    {
        ArgumentNullException.ThrowIfNull(wages);
        foreach (var wage in wages)
        {
            ArgumentNullException.ThrowIfNull(wage, nameof(wages));
            var province = ProvinceCodes.ProvinceOf(wage.Province, "wage province");
            if (wage.AverageMonthlyWage.Fen <= 0)
            {
                throw new JinBaoException(ErrorKind.InvalidInput, "average-wage-not-positive",
                    $"The average monthly wage of {province} in {wage.Year} must be above zero.");
            }

            if (!_wages.TryAdd((province, wage.Year), wage.AverageMonthlyWage))
            {
                throw new JinBaoException(ErrorKind.InvalidInput, "provincial-wage-duplicate",
                    $"The average monthly wage of {province} in {wage.Year} is given twice.");
            }
        }
    }

    /// <summary>The wages in <c>data/provincial-wages.csv</c>: sample figures for development, not published statistics.</summary>
    public static ProvincialWages Embedded => EmbeddedWages.Value;

    /// <summary>The average monthly wage of a province in a year; false when the table has none.</summary>
    /// <exception cref="JinBaoException">The province is not a 6-digit region code.</exception>
    public bool TryGetAverageMonthlyWage(string province, int year, out Money wage) =>
        _wages.TryGetValue((ProvinceCodes.ProvinceOf(province, "wage province"), year), out wage);

    /// <summary>The average monthly wage of a province in a year.</summary>
    /// <exception cref="JinBaoException"><c>provincial-wage-unknown</c>: the table has no figure for that province and year.</exception>
    public Money AverageMonthlyWage(string province, int year) =>
        TryGetAverageMonthlyWage(province, year, out var wage)
            ? wage
            : throw new JinBaoException(ErrorKind.RuleViolation, "provincial-wage-unknown",
                $"No average monthly wage is known for province {ProvinceCodes.ProvinceOf(province, "wage province")} in {year}; add the published figure to data/provincial-wages.csv.");

    /// <summary>B, the pension computation base (计发基数) for someone retiring in <paramref name="retirementYear"/>.</summary>
    /// <exception cref="JinBaoException"><c>provincial-wage-unknown</c>: no wage for the previous year.</exception>
    public Money ComputationBase(string province, int retirementYear) =>
        // spec §2.2: B = the provincial average wage of the previous year.
        AverageMonthlyWage(province, retirementYear - 1);

    private static ProvincialWages LoadEmbedded()
    {
        var rows = new List<ProvincialWage>();
        foreach (var row in EmbeddedData.ReadCsv("provincial-wages.csv"))
        {
            // The file ships inside the assembly, so a bad row is a build defect, not user input.
            if (row.Length != 3
                || !int.TryParse(row[1], NumberStyles.None, CultureInfo.InvariantCulture, out var year)
                || !decimal.TryParse(row[2], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var yuan))
            {
                throw new InvalidDataException($"provincial-wages.csv has a bad row '{string.Join(',', row)}'; expected province,year,average_monthly_wage.");
            }

            rows.Add(new ProvincialWage(row[0], year, Money.FromYuan(yuan)));
        }

        return new ProvincialWages(rows);
    }
}
