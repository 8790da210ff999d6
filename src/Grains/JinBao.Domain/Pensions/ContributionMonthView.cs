using JinBao.Primitives;

namespace JinBao.Pensions;

/// <summary>One contribution month as recorded.</summary>
[GenerateSerializer, Immutable, Alias("jinbao.contribution-month")]
public sealed record ContributionMonthView(YearMonth Month, Money Base, Money IndividualAccountCredit, Money PooledFundCredit, RegionCode City);
