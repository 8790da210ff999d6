using JinBao.Primitives;

namespace JinBao.Effects;

/// <summary>One leg of a ledger movement: an account and a signed amount (positive raises the account's balance).</summary>
public sealed record LedgerLeg(string Account, Money Amount);

/// <summary>
/// A balanced fund movement. <see cref="MovementId"/> is derived from the business fact it records
/// (e.g. the transfer id and step), so posting it twice is a no-op.
/// </summary>
public sealed record LedgerMovement(string MovementId, string Kind, string? PersonId, IReadOnlyList<LedgerLeg> Legs)
{
    /// <summary>Throws when the legs do not sum to zero: money can be neither created nor lost by a movement.</summary>
    public LedgerMovement EnsureBalanced()
    {
        var legs = Legs.Where(leg => leg.Amount != Money.Zero).ToList();
        if (legs.Count == 0 || Money.Sum(legs.Select(leg => leg.Amount)) != Money.Zero)
        {
            throw new InvalidOperationException($"Ledger movement {MovementId} does not balance: {string.Join(", ", Legs)}.");
        }

        return this with { Legs = legs };
    }
}

/// <summary>Names ledger accounts: <c>{pooling area}:{purpose}</c>, e.g. <c>440300:individual-account</c>.</summary>
public static class LedgerAccounts
{
    /// <summary>The area's individual-account fund (个人账户基金): the sum of its persons' account balances.</summary>
    public static string IndividualAccount(string area) => $"{area}:individual-account";

    /// <summary>The area's pooled fund (统筹基金).</summary>
    public static string PooledFund(string area) => $"{area}:pooled-fund";

    /// <summary>Money sent by this area and not yet received by the other end (在途).</summary>
    public static string TransferClearing(string area) => $"{area}:transfer-clearing";

    /// <summary>
    /// Money that left this province for another through the national clearing (old place: paid in), or arrived from it
    /// (new place: paid out); the national ledger's <see cref="ProvinceClearing"/> holds the other side.
    /// </summary>
    public static string NationalClearing(string area) => $"{area}:national-clearing";

    /// <summary>National ledger: a province's position in the inter-province clearing (清算); the positions sum to zero.</summary>
    public static string ProvinceClearing(string province) => $"{province}:clearing";

    /// <summary>Where collected contributions come from: the contribution collection account (征缴收入).</summary>
    public static string ContributionCollection(string area) => $"{area}:contribution-collection";

    /// <summary>Where credited interest comes from: the fund's investment income (利息收入).</summary>
    public static string InterestIncome(string area) => $"{area}:interest-income";

    /// <summary>Amounts owed back to persons, e.g. duplicate contributions refunded (退还).</summary>
    public static string RefundsPayable(string area) => $"{area}:refunds-payable";
}
