using JinBao.Primitives;

namespace JinBao.Ledger;

/// <summary>One leg of a ledger movement: an account and a signed amount (positive raises the account's balance).</summary>
public sealed record LedgerLeg(string Account, Money Amount);

/// <summary>
/// A balanced fund movement. <see cref="MovementId"/> is derived from the business fact it records
/// (e.g. the transfer id and step), so posting it twice is a no-op.
/// </summary>
public sealed record LedgerMovement(MovementId MovementId, string Kind, string? PersonId, IReadOnlyList<LedgerLeg> Legs)
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
