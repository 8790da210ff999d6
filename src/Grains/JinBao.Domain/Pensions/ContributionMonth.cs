using JinBao.Primitives;

namespace JinBao.Pensions;

/// <summary>One contribution month of a relationship (or temporary account) in one place.</summary>
/// <param name="Month">The month paid for.</param>
/// <param name="ActualBase">The base actually used, after the 60%–300% clamp.</param>
/// <param name="IndividualAccountCredit">What was credited to the individual account.</param>
/// <param name="PooledCredit">What was paid into the pooled fund (the employer's part, or a flexible worker's 12%).</param>
public sealed record ContributionMonth(YearMonth Month, Money ActualBase, Money IndividualAccountCredit, Money PooledCredit);
