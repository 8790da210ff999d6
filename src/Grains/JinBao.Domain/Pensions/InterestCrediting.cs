using JinBao.Errors;
using JinBao.Primitives;

namespace JinBao.Pensions;

/// <summary>Posts a year's interest on an account: the year's crediting rate through an interest formula (spec §2.1).</summary>
public sealed class InterestCrediting
{
    private static readonly Lazy<InterestCrediting> DefaultCrediting =
        new(() => new InterestCrediting(CreditingRates.Published, new MidYearInterestFormula()));

    private readonly CreditingRates _rates;
    private readonly IInterestFormula _formula;

    /// <summary>Crediting with a given rate table and formula.</summary>
    public InterestCrediting(CreditingRates rates, IInterestFormula formula)
    {
        ArgumentNullException.ThrowIfNull(rates);
        ArgumentNullException.ThrowIfNull(formula);
        _rates = rates;
        _formula = formula;
    }

    /// <summary>The published rates with <see cref="MidYearInterestFormula"/>.</summary>
    public static InterestCrediting Default => DefaultCrediting.Value;

    /// <summary>Closes a year: looks up its rate, applies the formula and rounds the interest to the fen once.</summary>
    /// <exception cref="JinBaoException">
    /// <c>interest-input-negative</c> for a negative balance or contributions; <c>crediting-rate-unknown</c> when the year has no rate.
    /// </exception>
    public YearEndInterest CloseYear(int year, Money openingBalance, Money contributions)
    {
        if (openingBalance.IsNegative || contributions.IsNegative)
        {
            throw new JinBaoException(ErrorKind.InvalidInput, "interest-input-negative",
                $"Interest needs a non-negative opening balance and contributions; got {openingBalance} and {contributions}.");
        }

        var rate = _rates.RateFor(year);

        // spec §2.1: interest is posted when the year closes; the formula's exact result is rounded once, half away from zero.
        var interest = Money.RoundFen(_formula.ExactInterestFen(openingBalance, contributions, rate));
        return new YearEndInterest(year, rate, openingBalance, contributions, interest);
    }
}
