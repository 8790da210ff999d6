using JinBao.Primitives;

namespace JinBao.Pensions;

/// <summary>The money that moves with a cross-province transfer (spec §3.2).</summary>
/// <param name="IndividualAccount">The individual-account money; for a relationship its whole balance, interest included.</param>
/// <param name="PooledFund">The pooled money: 12% of the bases for a relationship, all pooled contributions for a temporary account.</param>
/// <param name="Interest">Interest not already inside <paramref name="IndividualAccount"/>: a temporary account's; zero for a relationship.</param>
public sealed record TransferFunds(Money IndividualAccount, Money PooledFund, Money Interest)
{
    /// <summary>Everything remitted.</summary>
    public Money Total => IndividualAccount + PooledFund + Interest;
}
