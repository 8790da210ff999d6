using JinBao.Persons;
using JinBao.Primitives;

namespace JinBao.Medical;

/// <summary>
/// One direct settlement as the place of care sees it (key: the settlement id). The hospital's system asks here; the
/// grain asks the insuring place (through the national exchange when that is another province), keeps the answer,
/// and answers a repeated request from it, so a hospital that retries never settles twice.
/// </summary>
[Alias("jinbao.IMedicalSettlementGrain")]
public interface IMedicalSettlementGrain : IGrainWithStringKey
{
    /// <summary>Settles the bill at the insuring place (deductible → ratio → cap) and returns the split to charge the patient.</summary>
    /// <exception cref="Errors.JinBaoException">
    /// <c>medical-not-filed</c> (claim manually), <c>settlement-id-reused</c>, <c>person-not-insured</c>, or
    /// <c>insuring-place-unavailable</c> (nothing settled: retry with the same settlement id).
    /// </exception>
    [Alias("settle")]
    Task<CareSettlementView> SettleAsync(SettleForPatient command);

    /// <summary>Reverses the settlement (冲正, transaction 2305) at the insuring place. Once; a repeat returns the reversed view.</summary>
    [Alias("reverse")]
    Task<CareSettlementView> ReverseAsync(Requester request, string? reason);

    /// <summary>The settlement, or null when this id was never settled here.</summary>
    [Alias("get")]
    Task<CareSettlementView?> GetAsync();
}

/// <summary>A hospital's settlement request for one patient.</summary>
/// <param name="Patient">The insured person (identified at admission by e-voucher or card).</param>
/// <param name="Bill">The bill; its settlement id must be the grain's key.</param>
[GenerateSerializer, Immutable, Alias("jinbao.settle-for-patient")]
public sealed record SettleForPatient(CitizenId Patient, SettleBill Bill);

/// <summary>A settlement as the place of care keeps it.</summary>
/// <param name="Patient">The insured person.</param>
/// <param name="Settlement">The insuring place's decision and the settlement's status.</param>
/// <param name="SettledBy">Who asked for the settlement (the hospital's city system).</param>
[GenerateSerializer, Immutable, Alias("jinbao.care-settlement-view")]
public sealed record CareSettlementView(CitizenId Patient, SettlementView Settlement, string SettledBy);
