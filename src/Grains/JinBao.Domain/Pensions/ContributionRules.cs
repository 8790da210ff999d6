using JinBao.Errors;
using JinBao.Primitives;

namespace JinBao.Pensions;

/// <summary>Monthly contribution base and its split between the individual account and the pooled fund (spec §2.1).</summary>
public static class ContributionRules
{
    /// <summary>The base floor as a share of the previous year's provincial average monthly wage.</summary>
    public const decimal FloorShare = 0.60m;

    /// <summary>The base cap as a share of the previous year's provincial average monthly wage.</summary>
    public const decimal CapShare = 3.00m;

    /// <summary>The individual's rate, credited to the individual account (11% in 1998–2005; 8% since).</summary>
    public const decimal IndividualRate = 0.08m;

    /// <summary>The employer's rate, paid into the pooled fund (16% since 2019-05; up to 20% before 2016).</summary>
    public const decimal EmployerRate = 0.16m;

    /// <summary>The pooled part of a flexible worker's 20%.</summary>
    public const decimal FlexibleWorkerPooledRate = 0.12m;

    /// <summary>Raises or cuts a declared monthly base into [60%, 300%] of the previous year's average monthly wage.</summary>
    /// <exception cref="JinBaoException">The declared base or the average wage is zero or negative.</exception>
    public static Money ClampBase(Money declaredBase, Money previousYearAverageMonthlyWage)
    {
        if (declaredBase.Fen <= 0)
        {
            throw new JinBaoException(ErrorKind.InvalidInput, "contribution-base-not-positive",
                $"The declared contribution base {declaredBase} must be above zero.");
        }

        if (previousYearAverageMonthlyWage.Fen <= 0)
        {
            throw new JinBaoException(ErrorKind.InvalidInput, "average-wage-not-positive",
                $"The previous year's average monthly wage {previousYearAverageMonthlyWage} must be above zero.");
        }

        // spec §2.1: bases outside 60%–300% of the previous year's provincial all-caliber average wage are raised
        // or cut to it. The bounds are rounded to the fen by the product's one rule; some provinces publish them
        // rounded to the yuan, and such a province passes its published figure through its own wage data.
        var floor = previousYearAverageMonthlyWage.MultiplyBy(FloorShare);
        var cap = previousYearAverageMonthlyWage.MultiplyBy(CapShare);
        return Money.Min(Money.Max(declaredBase, floor), cap);
    }

    /// <summary>Clamps the base and splits the month's contribution between account and pooled fund.</summary>
    /// <remarks>
    /// Each part is the clamped base times its rate, rounded to the fen once; <see cref="ContributionSplit.Total"/> is
    /// their sum. For a flexible worker that sum is what is charged, so the split is exact by construction.
    /// </remarks>
    /// <exception cref="JinBaoException">Bad base or wage (see <see cref="ClampBase"/>), or an unknown contributor kind.</exception>
    public static ContributionSplit Split(
        Money declaredBase, Money previousYearAverageMonthlyWage, ContributorKind kind = ContributorKind.Employee)
    {
        var pooledRate = kind switch
        {
            // spec §2.1: employer 16% of the base, all pooled.
            ContributorKind.Employee => EmployerRate,

            // spec §2.1: a flexible worker pays 20%; 8% goes to the account and 12% is pooled.
            ContributorKind.FlexibleWorker => FlexibleWorkerPooledRate,
            _ => throw new JinBaoException(ErrorKind.InvalidInput, "contributor-kind-unknown",
                $"Contributor kind {(int)kind} is neither an employee nor a flexible worker."),
        };

        var clamped = ClampBase(declaredBase, previousYearAverageMonthlyWage);

        // spec §2.1: individual 8% of the base, all credited to the individual account.
        return new ContributionSplit(clamped, clamped.MultiplyBy(IndividualRate), clamped.MultiplyBy(pooledRate));
    }
}
