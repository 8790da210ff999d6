using System.Text.Json;

using JinBao.Effects;
using JinBao.Errors;
using JinBao.Medical;
using JinBao.Primitives;

using Microsoft.Extensions.Options;

namespace JinBao.Clearing;

/// <summary>The national clearing of one (insuring, care) province pair for off-site medical care; key <c>440000-510000</c>.</summary>
[Alias("jinbao.IMedicalClearingGrain")]
public interface IMedicalClearingGrain : IGrainWithStringKey
{
    /// <summary>Posts a settlement (and its reversal, when reversed) against the insuring province's advance; once each.</summary>
    [Alias("record")]
    Task RecordAsync(SettlementView settlement);

    /// <summary>The insuring province confirms a finished month: the statement's net is cleared and the advance restored.</summary>
    [Alias("confirm")]
    Task<ClearingStatementView> ConfirmAsync(YearMonth period, string actor, string? note);
}

/// <summary>
/// Holds no stored state: the national ledger is the state. One activation per pair takes the pair's postings one at a
/// time, so sizing the year's advance and deciding a top-up never race; every movement id is derived from its fact
/// (settlement id, year, top-up number, period), so a replayed call posts nothing twice. Being the pair's only writer,
/// the activation reads the pair's position from the ledger once and then keeps it: a settlement costs two key lookups
/// and one write, not a sum over every posting of the pair ever.
/// </summary>
[GrainType("medical-clearing")]
public sealed class MedicalClearingGrain(
    MedicalClearingLedger ledger,
    EffectWriter effects,
    IOptions<MedicalPrepaymentOptions> options,
    TimeProvider clock) : Grain, IMedicalClearingGrain
{
    public static string KeyOf(RegionCode insuring, RegionCode care) => $"{insuring.Province.Value}-{care.Province.Value}";

    // This year's position as posted; null when unknown (first call, or a write whose outcome is not known).
    private MedicalPairPosition? _position;

    private string Insuring => this.GetPrimaryKeyString()[..6];

    private string Care => this.GetPrimaryKeyString()[7..];

    public async Task RecordAsync(SettlementView settlement)
    {
        if (KeyOf(settlement.InsuringCity, settlement.CareCity) != this.GetPrimaryKeyString())
        {
            throw new JinBaoException(ErrorKind.InvalidInput, "clearing-pair-mismatch", $"Settlement {settlement.SettlementId} does not belong to the pair {this.GetPrimaryKeyString()}.");
        }

        var fund = settlement.Decision.FundPays;
        if (fund == Money.Zero)
        {
            return; // under the deductible: nothing to clear
        }

        var now = clock.GetUtcNow();
        var year = MedicalClearingLedger.PeriodOf(now).Year;
        var position = _position is { } kept && kept.Year == year ? kept : await ledger.PositionAsync(Insuring, Care, year);
        var (settled, reversed) = await ledger.PostedAsync(settlement.SettlementId);
        var pending = new PendingEffects();
        var (balance, advanced) = (position.Balance, position.Advanced);
        if (position.PostingsThisYear == 0)
        {
            // January (or the pair's first settlement): re-size the advance to this year's standard.
            var resize = options.Value.Policy.StandardAdvance(position.PriorYearUsage) - advanced;
            Move(pending, $"medical-advance:{Insuring}:{Care}:{year}", MedicalClearingAccounts.Advance, resize);
            (balance, advanced) = (balance + resize, advanced + resize);
        }

        if (!settled)
        {
            Use(pending, MedicalClearingLedger.SettleMovement(settlement.SettlementId), MedicalClearingAccounts.Settlement, fund);
            balance -= fund;
        }

        if (settlement.Status == SettlementStatus.Reversed && !reversed)
        {
            Use(pending, MedicalClearingLedger.ReverseMovement(settlement.SettlementId), MedicalClearingAccounts.Reversal, -fund);
            balance += fund;
        }

        if (pending.IsEmpty)
        {
            return; // a replay
        }

        var topUp = options.Value.Policy.TopUp(advanced, balance);
        Move(pending, $"medical-topup:{Insuring}:{Care}:{position.TopUps + 1}", MedicalClearingAccounts.TopUp, topUp);
        var postings = pending.Movements.Count;
        _position = null; // until the write is known to have committed
        await effects.DeliverAsync(pending);
        _position = new MedicalPairPosition(balance + topUp, advanced + topUp, position.TopUps + (topUp == Money.Zero ? 0 : 1),
            position.PriorYearUsage, position.PostingsThisYear + postings, year);
    }

    public async Task<ClearingStatementView> ConfirmAsync(YearMonth period, string actor, string? note)
    {
        if (period >= MedicalClearingLedger.PeriodOf(clock.GetUtcNow()))
        {
            throw new JinBaoException(ErrorKind.RuleViolation, "clearing-period-open",
                $"{period} is not over: its statement is provisional until the month ends (spec §4.6 clears last month's settlements).");
        }

        var statement = await StatementAsync(period)
            ?? throw new JinBaoException(ErrorKind.NotFound, "clearing-statement-not-found", $"No medical settlements between {Insuring} and {Care} were posted in {period}.");
        if (statement.Confirmed)
        {
            return statement;
        }

        var pending = new PendingEffects();
        var movementId = $"medical-clearing:{period}:{Insuring}:{Care}";
        pending.Add(new LedgerMovement(movementId, MedicalClearingAccounts.Clearing, null,
        [
            new LedgerLeg(MedicalClearingAccounts.ClearingAccount(Insuring), -statement.Net),
            new LedgerLeg(MedicalClearingAccounts.Prepaid(Insuring, Care), statement.Net),
        ]));
        var stream = $"medical-clearing:{this.GetPrimaryKeyString()}";
        pending.Add(new AuditEvent($"{stream}:{period}:confirmed", stream, "medical-clearing-confirmed", actor, null,
            JsonSerializer.Serialize(new { period = period.ToString(), insuring = Insuring, care = Care, netFen = statement.Net.Fen, note }), clock.GetUtcNow()));
        _position = null; // the clearing restores the advance: read it afresh
        await effects.DeliverAsync(pending);
        return (await StatementAsync(period))!;
    }

    private async Task<ClearingStatementView?> StatementAsync(YearMonth period) =>
        (await ledger.StatementsAsync(period, Insuring, Care)).SingleOrDefault(); // Insuring pays, Care is paid: one row at most

    /// <summary>The insuring province's money moves into (or, negative, back out of) its advance held by the care province.</summary>
    private void Move(PendingEffects pending, string movementId, string kind, Money amount)
    {
        if (amount != Money.Zero)
        {
            pending.Add(new LedgerMovement(movementId, kind, null,
            [
                new LedgerLeg(MedicalClearingAccounts.ClearingAccount(Insuring), -amount),
                new LedgerLeg(MedicalClearingAccounts.Prepaid(Insuring, Care), amount),
            ]));
        }
    }

    /// <summary>The care province pays its hospital out of the advance (a reversal: the hospital pays it back).</summary>
    private void Use(PendingEffects pending, string movementId, string kind, Money amount) =>
        pending.Add(new LedgerMovement(movementId, kind, null,
        [
            new LedgerLeg(MedicalClearingAccounts.Prepaid(Insuring, Care), -amount),
            new LedgerLeg(MedicalClearingAccounts.Hospitals(Care), amount),
        ]));
}
