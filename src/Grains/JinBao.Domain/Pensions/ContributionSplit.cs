using JinBao.Primitives;

namespace JinBao.Pensions;

/// <summary>One month's contribution: the base actually used and where the money goes.</summary>
/// <param name="ClampedBase">The declared base raised or cut into 60%–300% of the previous year's average wage.</param>
/// <param name="IndividualAccount">The amount credited to the individual account (个人账户).</param>
/// <param name="PooledFund">The amount paid into the pooled fund (统筹基金).</param>
public sealed record ContributionSplit(Money ClampedBase, Money IndividualAccount, Money PooledFund)
{
    /// <summary>What is charged for the month; always exactly the two parts, so no fen appears or vanishes.</summary>
    public Money Total => IndividualAccount + PooledFund;
}
