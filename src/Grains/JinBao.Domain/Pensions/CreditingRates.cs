using System.Globalization;

using JinBao.Data;
using JinBao.Errors;

namespace JinBao.Pensions;

/// <summary>The annual crediting rates (记账利率) of the individual account, one national rate per year (spec §2.1).</summary>
public sealed class CreditingRates
{
    private static readonly Lazy<CreditingRates> PublishedRates = new(LoadPublished);

    private readonly Dictionary<int, decimal> _rates;

    /// <summary>A table of rates by year, each a fraction (0.0831 = 8.31%).</summary>
    /// <exception cref="JinBaoException">A rate is negative.</exception>
    public CreditingRates(IReadOnlyDictionary<int, decimal> ratesByYear)
    {
        ArgumentNullException.ThrowIfNull(ratesByYear);
        foreach (var (year, rate) in ratesByYear)
        {
            // spec §2.1: the rate may not be lower than the time-deposit rate, so a negative one is a data error.
            if (rate < 0m)
            {
                throw new JinBaoException(ErrorKind.InvalidInput, "crediting-rate-negative",
                    $"The crediting rate for {year} is {rate}; crediting rates are never negative.");
            }
        }

        _rates = new Dictionary<int, decimal>(ratesByYear);
    }

    /// <summary>The rates in <c>data/crediting-rates.csv</c>; the 2025 rate there is unverified.</summary>
    public static CreditingRates Published => PublishedRates.Value;

    /// <summary>The years that have a rate, ascending.</summary>
    public IReadOnlyList<int> Years => [.. _rates.Keys.Order()];

    /// <summary>The rate for a year; false when it is not in the table (not yet announced, or before 2016).</summary>
    public bool TryGetRate(int year, out decimal rate) => _rates.TryGetValue(year, out rate);

    /// <summary>The rate for a year.</summary>
    /// <exception cref="JinBaoException"><c>crediting-rate-unknown</c>: no rate for that year.</exception>
    public decimal RateFor(int year) =>
        TryGetRate(year, out var rate)
            ? rate
            : throw new JinBaoException(ErrorKind.RuleViolation, "crediting-rate-unknown",
                $"No crediting rate is known for {year}; national rates exist from 2016 and each is announced during the following year. Add it to data/crediting-rates.csv once published.");

    private static CreditingRates LoadPublished()
    {
        var rates = new Dictionary<int, decimal>();
        foreach (var row in EmbeddedData.ReadCsv("crediting-rates.csv"))
        {
            // The file ships inside the assembly, so a bad row is a build defect, not user input.
            if (row.Length != 2
                || !int.TryParse(row[0], NumberStyles.None, CultureInfo.InvariantCulture, out var year)
                || !decimal.TryParse(row[1], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var rate)
                || !rates.TryAdd(year, rate))
            {
                throw new InvalidDataException($"crediting-rates.csv has a bad or duplicate row '{string.Join(',', row)}'; expected year,rate.");
            }
        }

        return new CreditingRates(rates);
    }
}
