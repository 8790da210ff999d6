using JinBao.Errors;
using JinBao.Primitives;

namespace JinBao.Pensions;

/// <summary>The monthly pension of the urban employee scheme (国发〔2005〕38号; spec §2.2), without the provincial transitional pension.</summary>
/// <remarks>
/// Each component is computed exactly and rounded to the fen once, half away from zero; the total is the sum of the
/// rounded components. The index is never rounded on its own: only money is rounded, and only at the end.
/// </remarks>
public static class PensionFormula
{
    /// <summary>basic = (B + B×I)/2 × N × 1%, with N = contribution months / 12.</summary>
    /// <param name="computationBase">B, the drawing place's average monthly wage of the previous year (计发基数).</param>
    /// <param name="averageContributionIndex">I, the average contribution index.</param>
    /// <param name="contributionMonths">N in months, deemed years (视同缴费年限) included.</param>
    /// <exception cref="JinBaoException">B not positive, or I or N negative.</exception>
    public static Money BasicPension(Money computationBase, decimal averageContributionIndex, int contributionMonths)
    {
        if (computationBase.Fen <= 0)
        {
            throw new JinBaoException(ErrorKind.InvalidInput, "computation-base-not-positive",
                $"The pension computation base {computationBase} must be above zero.");
        }

        if (averageContributionIndex < 0m)
        {
            throw new JinBaoException(ErrorKind.InvalidInput, "contribution-index-negative",
                $"The average contribution index {averageContributionIndex} is negative.");
        }

        if (contributionMonths < 0)
        {
            throw new JinBaoException(ErrorKind.InvalidInput, "contribution-months-negative",
                $"{contributionMonths} contribution months is negative.");
        }

        // spec §2.2: basic = (B + B×I)/2 × N × 1%, N counted to the month: × months/12 × 1/100 = × months/1200.
        var exactFen = computationBase.Fen * (1m + averageContributionIndex) / 2m * contributionMonths / 1200m;
        return Money.RoundFen(exactFen);
    }

    /// <summary>account pension = balance ÷ divisor, rounded to the fen.</summary>
    /// <exception cref="JinBaoException">A negative balance or a divisor that is not positive.</exception>
    public static Money AccountPension(Money accountBalance, decimal divisor)
    {
        if (accountBalance.IsNegative)
        {
            throw new JinBaoException(ErrorKind.InvalidInput, "account-balance-negative",
                $"The individual-account balance {accountBalance} is negative.");
        }

        if (divisor <= 0m)
        {
            throw new JinBaoException(ErrorKind.InvalidInput, "divisor-not-positive", $"The divisor {divisor} must be above zero.");
        }

        // spec §2.2: account_pension = individual-account balance ÷ divisor (计发月数).
        return Money.RoundFen(accountBalance.Fen / divisor);
    }

    /// <summary>The basic and account pensions for a retirement at <paramref name="retirementAgeMonths"/>.</summary>
    /// <param name="computationBase">B (see <see cref="BasicPension"/>).</param>
    /// <param name="averageContributionIndex">I (see <see cref="AverageContributionIndex"/>).</param>
    /// <param name="contributionMonths">N in months.</param>
    /// <param name="accountBalance">The individual-account balance at retirement.</param>
    /// <param name="retirementAgeMonths">Age at retirement in completed months (60 years = 720).</param>
    /// <param name="divisorRule">How ages with extra months pick the divisor.</param>
    /// <exception cref="JinBaoException">Any input out of range (see the component methods and <see cref="AccountDivisors.For"/>).</exception>
    public static PensionBreakdown Compute(
        Money computationBase,
        decimal averageContributionIndex,
        int contributionMonths,
        Money accountBalance,
        int retirementAgeMonths,
        DivisorRule divisorRule = DivisorRule.Interpolated)
    {
        var basic = BasicPension(computationBase, averageContributionIndex, contributionMonths);
        var account = AccountPension(accountBalance, AccountDivisors.For(retirementAgeMonths, divisorRule));

        // spec §2.2: pension = basic + account; the total is the sum of the rounded parts.
        return new PensionBreakdown(basic, account);
    }

    /// <summary>I = the mean over years of (own average monthly base ÷ average monthly wage), unrounded.</summary>
    /// <exception cref="JinBaoException">No years, a year twice, a year without bases, or a base or wage that is not positive.</exception>
    public static decimal AverageContributionIndex(IEnumerable<ContributionYear> years)
    {
        ArgumentNullException.ThrowIfNull(years);
        var seen = new HashSet<int>();
        var ratios = new List<decimal>();
        foreach (var year in years)
        {
            ArgumentNullException.ThrowIfNull(year, nameof(years));
            if (!seen.Add(year.Year))
            {
                throw new JinBaoException(ErrorKind.InvalidInput, "contribution-year-duplicate",
                    $"Contribution year {year.Year} is listed twice; give one entry per year.");
            }

            if (year.OwnMonthlyBases is not { Count: > 0 } || year.OwnMonthlyBases.Any(b => b.Fen <= 0))
            {
                throw new JinBaoException(ErrorKind.InvalidInput, "contribution-year-bases",
                    $"Contribution year {year.Year} needs at least one monthly base, each above zero.");
            }

            if (year.AverageMonthlyWage.Fen <= 0)
            {
                throw new JinBaoException(ErrorKind.InvalidInput, "average-wage-not-positive",
                    $"The average monthly wage for {year.Year} must be above zero.");
            }

            // spec §2.2: I = mean of yearly (own base ÷ average wage); the year's own base is the mean of its months.
            var ownAverageFen = (decimal)Money.Sum(year.OwnMonthlyBases).Fen / year.OwnMonthlyBases.Count;
            ratios.Add(ownAverageFen / year.AverageMonthlyWage.Fen);
        }

        if (ratios.Count == 0)
        {
            throw new JinBaoException(ErrorKind.InvalidInput, "contribution-years-empty",
                "The average contribution index needs at least one contribution year.");
        }

        return ratios.Sum() / ratios.Count;
    }
}
