using JinBao.Errors;
using JinBao.Primitives;

namespace JinBao.Pensions;

/// <summary>What a cross-province transfer remits for one segment (spec §3.2).</summary>
public static class TransferAmounts
{
    /// <summary>The share of the summed bases that the pooled fund transfers.</summary>
    public const decimal PooledShare = 0.12m;

    /// <summary>The first month whose base counts toward the pooled transfer.</summary>
    public static YearMonth PooledFundFrom { get; } = new(1998, 1);

    /// <summary>12% of the summed actual bases of the months from 1998-01, rounded to the fen once.</summary>
    /// <exception cref="JinBaoException">A month is listed twice, or has a negative amount.</exception>
    public static Money PooledFund(IEnumerable<ContributionMonth> months)
    {
        var checkedMonths = Validate(months);

        // spec §3.2: pooled fund = 12% × Σ actual monthly bases since 1998-01; earlier months are excluded.
        // Rounding the sum once (not each month) keeps the figure independent of how the months are grouped.
        var bases = Money.Sum(checkedMonths.Where(m => m.Month >= PooledFundFrom).Select(m => m.ActualBase));
        return bases.MultiplyBy(PooledShare);
    }

    /// <summary>The funds for an ordinary relationship: the whole account balance plus the 12% pooled part.</summary>
    /// <param name="months">The segment's contribution months, in any order.</param>
    /// <param name="individualAccountBalance">The transferable account balance, interest included, as the ledger holds it.</param>
    /// <exception cref="JinBaoException">Bad months (see <see cref="PooledFund"/>) or a negative balance.</exception>
    public static TransferFunds ForRelationship(IEnumerable<ContributionMonth> months, Money individualAccountBalance)
    {
        RequireNonNegative(individualAccountBalance, "individual-account balance");

        // spec §3.2: from 1998 the whole individual-account balance with interest moves. The pre-1998 part
        // (individual contributions plus interest only) is the ledger's to separate; this takes its balance as given.
        return new TransferFunds(individualAccountBalance, PooledFund(months), Money.Zero);
    }

    /// <summary>The funds for a temporary account: every contribution, employer and individual, plus its interest.</summary>
    /// <param name="months">The temporary account's contribution months, in any order.</param>
    /// <param name="accruedInterest">The interest credited to the temporary account so far.</param>
    /// <exception cref="JinBaoException">A month is listed twice, or an amount is negative.</exception>
    public static TransferFunds ForTemporaryAccount(IEnumerable<ContributionMonth> months, Money accruedInterest)
    {
        RequireNonNegative(accruedInterest, "temporary-account interest");
        var checkedMonths = Validate(months);

        // spec §3.2 and §3.3: a temporary account moves in full, all employer and individual contributions plus
        // interest, with no 12% cut.
        return new TransferFunds(
            Money.Sum(checkedMonths.Select(m => m.IndividualAccountCredit)),
            Money.Sum(checkedMonths.Select(m => m.PooledCredit)),
            accruedInterest);
    }

    private static List<ContributionMonth> Validate(IEnumerable<ContributionMonth> months)
    {
        ArgumentNullException.ThrowIfNull(months);
        var list = months.ToList();
        var seen = new HashSet<YearMonth>();
        foreach (var month in list)
        {
            ArgumentNullException.ThrowIfNull(month, nameof(months));

            // One relationship has one record per month; a repeat would count its base twice.
            if (!seen.Add(month.Month))
            {
                throw new JinBaoException(ErrorKind.InvalidInput, "contribution-month-duplicate",
                    $"Contribution month {month.Month} is listed twice in one segment; merge its records before computing a transfer.");
            }

            RequireNonNegative(month.ActualBase, $"base of {month.Month}");
            RequireNonNegative(month.IndividualAccountCredit, $"individual-account credit of {month.Month}");
            RequireNonNegative(month.PooledCredit, $"pooled credit of {month.Month}");
        }

        return list;
    }

    private static void RequireNonNegative(Money amount, string what)
    {
        if (amount.IsNegative)
        {
            throw new JinBaoException(ErrorKind.InvalidInput, "transfer-amount-negative",
                $"The {what} is {amount}; transfer inputs are never negative.");
        }
    }
}
