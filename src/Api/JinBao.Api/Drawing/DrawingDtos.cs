using System.ComponentModel.DataAnnotations;

using JinBao.Api.Validation;
using JinBao.Drawing;

namespace JinBao.Api.Drawing;

/// <summary>The retiree moved (居住地变更), and/or changed payee account; the relationship stays at the drawing place.</summary>
/// <param name="ResidenceRegion">The new residence (province or city code).</param>
/// <param name="Bank">The payee bank's code (2–20 lowercase letters, digits or hyphens, e.g. icbc); omitted: unchanged.</param>
/// <param name="BankAccount">The payee account (4–40 digits); omitted: unchanged.</param>
public sealed record RegisterResidenceRequest(
    [property: Required, RegionCodeValue] string? ResidenceRegion,
    [property: RegularExpression("^[a-z0-9-]{2,20}$")] string? Bank,
    [property: RegularExpression("^[0-9]{4,40}$")] string? BankAccount) : IApiRequest;

/// <summary>A successful entitlement verification (资格认证).</summary>
/// <param name="VerificationId">The event's id in the reporting system; a repeat changes nothing.</param>
/// <param name="Method">face-check, data-comparison or home-visit; online-attestation for the retiree's own, in the portal.</param>
/// <param name="VerifiedOn">The day of the check (yyyy-MM-dd); validity runs 12 months from it.</param>
public sealed record RecordVerificationRequest(
    [property: Required, StringLength(100, MinimumLength = 1)] string? VerificationId,
    [property: Required] VerificationMethod? Method,
    [property: Required] DateOnly? VerifiedOn) : IApiRequest;

/// <summary>A death notification from a data feed or the relatives.</summary>
/// <param name="Source">civil-affairs, public-security, health or relatives.</param>
/// <param name="DiedOn">The date of death (yyyy-MM-dd).</param>
public sealed record NotifyDeathRequest(
    [property: Required] DeathSource? Source,
    [property: Required] DateOnly? DiedOn) : IApiRequest;

/// <summary>An annual adjustment rule: from <paramref name="EffectiveMonth"/>, payments rise by a percentage and/or a fixed amount.</summary>
/// <param name="Scope">The caller's province code (national rules are added by the national platform).</param>
/// <param name="EffectiveMonth">yyyy-MM; retirees first paid before it are adjusted.</param>
/// <param name="Percent">e.g. 2.35 for 2.35%; 0–100, at most 4 decimals.</param>
/// <param name="FixedFen">A fixed monthly raise in fen, added after the percentage.</param>
/// <param name="Description">The notice it implements.</param>
public sealed record AdjustmentRuleRequest(
    [property: Required, RegionCodeValue] string? Scope,
    [property: Required, RegularExpression("^[0-9]{4}-[0-9]{2}$")] string? EffectiveMonth,
    [property: Range(typeof(decimal), "0", "100")] decimal Percent,
    [property: Range(0L, 10_000_000L)] long FixedFen,
    [property: StringLength(200)] string? Description) : IApiRequest;

/// <summary>Start (or resume) the payment run of a month.</summary>
/// <param name="Month">yyyy-MM.</param>
public sealed record StartPaymentRunRequest(
    [property: Required, RegularExpression("^[0-9]{4}-[0-9]{2}$")] string? Month) : IApiRequest;

/// <summary>The retiree as the drawing place pays them.</summary>
public sealed record PayeeResponse(
    string DrawingProvince,
    string DrawingCity,
    string ResidenceRegion,
    string Bank,
    string BankAccountMasked,
    long BaseMonthlyPensionFen,
    string FirstPaymentMonth,
    DateOnly VerifiedUntil,
    string? DeathMonth);

/// <summary>One month of pension paid; a run month later than the month paid is back-pay (补发).</summary>
public sealed record PaymentLineResponse(string ForMonth, string RunMonth, string Bank, string BankAccountMasked, long AmountFen);

/// <summary>What a death settled; the overpayment is a recovery case of the drawing province.</summary>
public sealed record DeathSettlementResponse(PayeeResponse Payee, long FuneralGrantFen, long SurvivorBenefitFen, long InheritableBalanceFen);

/// <summary>A stored adjustment rule.</summary>
public sealed record AdjustmentRuleResponse(long RuleId, string Scope, string EffectiveMonth, decimal Percent, long FixedFen, string Description);

/// <summary>A payment run and its progress.</summary>
public sealed record PaymentRunResponse(
    string Province,
    string Month,
    string Status,
    long PayeesExpected,
    long Suspended,
    int ChunksDone,
    long PayeesPaid,
    long Lines,
    long TotalFen,
    DateTimeOffset StartedAt,
    DateTimeOffset? CompletedAt);

/// <summary>A bank batch of a run and its ledger movement.</summary>
public sealed record PaymentBatchResponse(string Bank, long Lines, long TotalFen, string MovementId);

/// <summary>A recovery case opened by a death.</summary>
public sealed record RecoveryCaseResponse(
    string CitizenId,
    string DeathMonth,
    IReadOnlyList<string> OverpaidMonths,
    long OverpaymentFen,
    long FuneralGrantFen,
    long SurvivorBenefitFen,
    long InheritableBalanceFen,
    string Status,
    DateTimeOffset OpenedAt);

public static class DrawingMappings
{
    public static PaymentLineResponse ToResponse(this PaymentLineView line) =>
        new(line.ForMonth.ToString(), line.RunMonth.ToString(), line.Bank, line.BankAccountMasked, line.Amount.Fen);

    public static PayeeResponse ToResponse(this PayeeView payee) => new(
        payee.DrawingProvince.Value, payee.DrawingCity.Value, payee.ResidenceRegion.Value, payee.Bank, payee.BankAccountMasked,
        payee.BaseMonthlyPension.Fen, payee.FirstPaymentMonth.ToString(), payee.VerifiedUntil, payee.DeathMonth?.ToString());

    public static DeathSettlementResponse ToResponse(this DeathSettlement death) =>
        new(death.Payee.ToResponse(), death.FuneralGrant.Fen, death.SurvivorBenefit.Fen, death.InheritableBalance.Fen);

    public static AdjustmentRuleResponse ToResponse(this AdjustmentRuleView rule) =>
        new(rule.RuleId, rule.Scope, rule.EffectiveMonth.ToString(), rule.Percent, rule.Fixed.Fen, rule.Description);

    public static PaymentRunResponse ToResponse(this PaymentRunView run) => new(
        run.Province.Value, run.Month.ToString(), run.Status, run.PayeesExpected, run.Suspended, run.ChunksDone, run.PayeesPaid,
        run.Lines, run.Total.Fen, run.StartedAt, run.CompletedAt);

    public static PaymentBatchResponse ToResponse(this PaymentBatchView batch) => new(batch.Bank, batch.Lines, batch.Total.Fen, batch.MovementId);

    public static RecoveryCaseResponse ToResponse(this RecoveryCaseView recovery) => new(
        recovery.CitizenId.Value, recovery.DeathMonth.ToString(), recovery.OverpaidMonths.Select(m => m.ToString()).ToList(),
        recovery.Overpayment.Fen, recovery.FuneralGrant.Fen, recovery.SurvivorBenefit.Fen, recovery.InheritableBalance.Fen,
        recovery.Status, recovery.OpenedAt);
}
