using System.Text.Json;

using JinBao.Effects;
using JinBao.Ledger;
using JinBao.Medical;
using JinBao.Primitives;

namespace JinBao.Clearing;

/// <summary>What the national ledger says about one (insuring, care) pair, as the clearing needs it.</summary>
/// <param name="Balance">What is left of the advance.</param>
/// <param name="Advanced">Advances and top-ups, all years.</param>
/// <param name="TopUps">How many top-ups were posted (the next one's number).</param>
/// <param name="PriorYearUsage">Fund payments net of reversals posted in the previous calendar year.</param>
/// <param name="PostingsThisYear">Postings on the advance this year: none means the year's advance is still to size.</param>
/// <param name="Year">The calendar year the position was read (or kept) for.</param>
public sealed record MedicalPairPosition(Money Balance, Money Advanced, long TopUps, Money PriorYearUsage, long PostingsThisYear, int Year);

/// <summary>
/// The national clearing of one (insuring S, care K) province pair for off-site care (spec §4.6), pure: S's advance held
/// by K is sized each January from last year's use, pays K's hospitals for each settlement (and is paid back by a
/// reversal), is topped up once most of it is used, and is restored by each confirmed monthly statement. Every movement
/// id is derived from its fact (settlement id, year, top-up number, period), so a replay posts nothing twice.
/// </summary>
/// <param name="insuring">S, the insuring province (<c>440000</c>).</param>
/// <param name="care">K, the care province.</param>
/// <param name="policy">How large the advance is and when it is topped up.</param>
public sealed class MedicalPairClearing(string insuring, string care, MedicalPrepaymentPolicy policy)
{
    /// <summary>
    /// Posts <paramref name="settlements"/> in order against <paramref name="position"/>: the year's advance first when
    /// nothing was posted this year, then each settlement and reversal not in <paramref name="posted"/> (movement ids
    /// already in the ledger; the ones queued here are added), each followed by the top-up it makes due.
    /// </summary>
    /// <returns>The movements to write in one transaction (none for replays only), and the position once they are.</returns>
    public (PendingEffects Effects, MedicalPairPosition After) Post(MedicalPairPosition position, IEnumerable<SettlementView> settlements, ISet<MovementId> posted)
    {
        var effects = new PendingEffects();
        var (balance, advanced, topUps, postings) = (position.Balance, position.Advanced, position.TopUps, position.PostingsThisYear);
        foreach (var settlement in settlements)
        {
            var before = effects.Movements.Count;
            if (postings == 0)
            {
                // January (or the pair's first settlement): re-size the advance to this year's standard.
                var resize = policy.StandardAdvance(position.PriorYearUsage) - advanced;
                Advance(effects, MovementId.MedicalAdvance(insuring, care, position.Year), MovementKinds.MedicalAdvance, resize);
                (balance, advanced) = (balance + resize, advanced + resize);
            }

            var fund = settlement.Decision.FundPays;
            if (posted.Add(MovementId.MedicalPaid(settlement.SettlementId)))
            {
                PayHospitals(effects, MovementId.MedicalPaid(settlement.SettlementId), MovementKinds.MedicalSettlement, fund);
                balance -= fund;
            }

            if (settlement.Status == SettlementStatus.Reversed && posted.Add(MovementId.MedicalPaidReversed(settlement.SettlementId)))
            {
                PayHospitals(effects, MovementId.MedicalPaidReversed(settlement.SettlementId), MovementKinds.MedicalReversal, -fund);
                balance += fund;
            }

            if (effects.Movements.Count == before)
            {
                continue; // a replay
            }

            var topUp = policy.TopUp(advanced, balance);
            Advance(effects, MovementId.MedicalTopUp(insuring, care, topUps + 1), MovementKinds.MedicalTopUp, topUp);
            (balance, advanced, topUps) = (balance + topUp, advanced + topUp, topUps + (topUp == Money.Zero ? 0 : 1));
            postings += effects.Movements.Count - before;
        }

        return (effects, position with { Balance = balance, Advanced = advanced, TopUps = topUps, PostingsThisYear = postings });
    }

    /// <summary>S confirms the statement of <paramref name="period"/>: its net leaves S's clearing account and restores the advance.</summary>
    public PendingEffects Confirm(YearMonth period, Money net, string actor, string? note, DateTimeOffset now)
    {
        var effects = new PendingEffects();
        effects.Add(new LedgerMovement(MovementId.MedicalClearing(period, insuring, care), MovementKinds.MedicalClearing, null,
        [
            new LedgerLeg(LedgerAccounts.MedicalClearing(insuring), -net),
            new LedgerLeg(LedgerAccounts.MedicalPrepaid(insuring, care), net),
        ]));
        var stream = $"medical-clearing:{ProvincePair.Key(insuring, care)}";
        effects.Add(new AuditEvent($"{stream}:{period}:confirmed", stream, "medical-clearing-confirmed", actor, null,
            JsonSerializer.Serialize(new { period = period.ToString(), insuring, care, netFen = net.Fen, note }), now));
        return effects;
    }

    /// <summary>S's money moves into (or, negative, back out of) its advance held by K.</summary>
    private void Advance(PendingEffects effects, MovementId movementId, string kind, Money amount)
    {
        if (amount != Money.Zero)
        {
            effects.Add(new LedgerMovement(movementId, kind, null,
            [
                new LedgerLeg(LedgerAccounts.MedicalClearing(insuring), -amount),
                new LedgerLeg(LedgerAccounts.MedicalPrepaid(insuring, care), amount),
            ]));
        }
    }

    /// <summary>K pays its hospital out of the advance (a reversal: the hospital pays it back).</summary>
    private void PayHospitals(PendingEffects effects, MovementId movementId, string kind, Money amount) =>
        effects.Add(new LedgerMovement(movementId, kind, null,
        [
            new LedgerLeg(LedgerAccounts.MedicalPrepaid(insuring, care), -amount),
            new LedgerLeg(LedgerAccounts.MedicalHospitals(care), amount),
        ]));
}
