using System.ComponentModel.DataAnnotations;

using JinBao.Api.Validation;
using JinBao.Medical;
using JinBao.Primitives;

namespace JinBao.Api.Medical;

/// <summary>File the person for off-site care (备案, spec §4.1) at their insuring city.</summary>
/// <param name="Type">long-term, referral or other-temporary (emergencies need no filing: they are deemed filed).</param>
/// <param name="CareCity">The city where care will be taken, in another province.</param>
/// <param name="ValidFrom">First day covered (yyyy-MM-dd).</param>
/// <param name="ValidUntil">Last day covered: empty for long-term (valid until changed), at least six months for temporary.</param>
public sealed record FileForCareRequest(
    [property: Required] FilingType? Type,
    [property: Required, RegionCodeValue(CityOnly = true)] string? CareCity,
    [property: Required] DateOnly? ValidFrom,
    DateOnly? ValidUntil) : IApiRequest;

/// <summary>One line of the bill, coded in the care province's catalogue (fee upload 2301).</summary>
/// <param name="ItemCode">The catalogue code; an unknown code is outside the catalogue (fully self-paid).</param>
/// <param name="Quantity">Units, 1–100,000.</param>
/// <param name="UnitPriceFen">Price of one unit in fen, 0–100,000,000 (one million yuan).</param>
public sealed record FeeLineRequest(string? ItemCode, int? Quantity, long? UnitPriceFen);

/// <summary>A hospital's direct settlement at discharge (2303/2304), sent by the care city's system.</summary>
/// <param name="SettlementId">The settlement id (1–64 letters, digits, '-' or '_'): the key every party dedupes by.</param>
/// <param name="CitizenId">The patient.</param>
/// <param name="AdmittedOn">Date of admission (yyyy-MM-dd), not in the future.</param>
/// <param name="Emergency">An emergency or rescue case (deemed filed).</param>
/// <param name="Lines">The bill: 1–500 lines.</param>
public sealed record SettleBillRequest(
    [property: Required, RegularExpression(MedicalRoutes.SettlementIdPattern, ErrorMessage = MedicalRoutes.SettlementIdError)] string? SettlementId,
    [property: Required, CitizenIdNumber] string? CitizenId,
    [property: Required] DateOnly? AdmittedOn,
    bool Emergency,
    [property: Required, Length(1, 500)] IReadOnlyList<FeeLineRequest>? Lines) : ICitizenRequest, IValidatableObject
{
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (AdmittedOn > ChinaClock.Today(validationContext))
        {
            yield return new ValidationResult("admission-date-future: the admission date is in the future.", [nameof(AdmittedOn)]);
        }

        foreach (var (line, index) in (Lines ?? []).Select((line, index) => (line, index)))
        {
            if (line is null || string.IsNullOrWhiteSpace(line.ItemCode) || line.ItemCode.Length > 40
                || line.Quantity is not (>= 1 and <= 100_000) || line.UnitPriceFen is not (>= 0 and <= 100_000_000_00))
            {
                yield return new ValidationResult(
                    $"fee-line-invalid: line {index} needs an itemCode (1–40 characters), a quantity of 1–100,000 and a unitPriceFen of 0–10,000,000,000.",
                    [nameof(Lines)]);
            }
        }
    }
}

/// <summary>Why a filing is cancelled, a settlement reversed or a statement confirmed: kept in the audit trail.</summary>
/// <param name="Reason">Optional, up to 500 characters (e.g. "billing error: duplicate line").</param>
public sealed record MedicalNoteRequest([property: StringLength(500)] string? Reason) : IApiRequest;

/// <summary>A filing as recorded.</summary>
public sealed record FilingResponse(string FilingId, FilingType Type, string CareCity, DateOnly ValidFrom, DateOnly? ValidUntil, FilingStatus Status);

/// <summary>The settlement: the care place's split and the insuring place's decision, in fen (national platform names in brackets).</summary>
/// <param name="FullyOwnPayFen">全自费 (fulamt_ownpay_amt).</param>
/// <param name="OverLimitFen">超限价 (overlmt_amt).</param>
/// <param name="PreSelfPayFen">先行自付 (preselfpay_amt).</param>
/// <param name="InScopeFen">符合政策范围 (inscp_scp_amt).</param>
/// <param name="DeductibleFen">起付线 applied (act_pay_dedc).</param>
/// <param name="FundPaysFen">The pooled fund pays the hospital (hifp_pay).</param>
/// <param name="PatientPaysFen">The patient pays at the desk.</param>
public sealed record SettlementResponse(
    string SettlementId,
    string CitizenId,
    string CareCity,
    string InsuringCity,
    DateOnly AdmittedOn,
    FilingType FilingType,
    SettlementStatus Status,
    long TotalFen,
    long FullyOwnPayFen,
    long OverLimitFen,
    long PreSelfPayFen,
    long InScopeFen,
    long DeductibleFen,
    decimal Ratio,
    long FundPaysFen,
    long CapReductionFen,
    long PatientPaysFen);

/// <summary>The person's medical account at the insuring place: filings, this and past years' accumulators, settlements.</summary>
public sealed record MedicalAccountResponse(
    IReadOnlyList<FilingResponse> Filings,
    IReadOnlyDictionary<int, long> FundPaidFenByYear,
    IReadOnlyDictionary<int, long> DeductibleUsedFenByYear,
    IReadOnlyList<SettlementResponse> Settlements);

/// <summary>A month's clearing statement between an insuring and a care province; amounts in fen.</summary>
public sealed record ClearingStatementResponse(
    string Period,
    string InsuringProvince,
    string CareProvince,
    int Settlements,
    int Reversals,
    long SettledFen,
    long ReversedFen,
    long NetFen,
    bool Confirmed,
    long AdvancedFen,
    long PrepaymentBalanceFen);

public static class MedicalMappings
{
    public static FilingResponse ToResponse(this FilingView view) =>
        new(view.FilingId.Value, view.Type, view.CareCity.Value, view.ValidFrom, view.ValidUntil, view.Status);

    public static SettlementResponse ToResponse(this SettlementView view, CitizenId patient)
    {
        var d = view.Decision;
        return new(view.SettlementId.Value, patient.Value, view.CareCity.Value, view.InsuringCity.Value, view.AdmittedOn, view.FilingType, view.Status,
            d.Split.Total.Fen, d.Split.FullyOwnPay.Fen, d.Split.OverLimit.Fen, d.Split.PreSelfPay.Fen, d.Split.InScope.Fen,
            d.DeductibleApplied.Fen, d.Ratio, d.FundPays.Fen, d.CapReduction.Fen, d.PatientPays.Fen);
    }

    public static SettlementResponse ToResponse(this CareSettlementView view) => view.Settlement.ToResponse(view.Patient);

    public static MedicalAccountResponse ToResponse(this MedicalAccountView view, CitizenId patient) => new(
        view.Filings.Select(f => f.ToResponse()).ToList(),
        view.FundPaidByYear.ToDictionary(y => y.Key, y => y.Value.Fen),
        view.DeductibleUsedByYear.ToDictionary(y => y.Key, y => y.Value.Fen),
        view.Settlements.Select(s => s.ToResponse(patient)).ToList());

    public static ClearingStatementResponse ToResponse(this ClearingStatementView view) => new(
        view.Period.ToString(), view.InsuringProvince.Value, view.CareProvince.Value, view.Settlements, view.Reversals,
        view.Settled.Fen, view.Reversed.Fen, view.Net.Fen, view.Confirmed, view.Advanced.Fen, view.PrepaymentBalance.Fen);

    public static FileForCare ToCommand(this FileForCareRequest request, string filingId, JinBao.Primitives.Requester requester) =>
        new(new FilingId(filingId), request.Type!.Value, RegionCode.Parse(request.CareCity!), request.ValidFrom!.Value, request.ValidUntil, requester);

    public static IReadOnlyList<FeeLine> ToFeeLines(this IReadOnlyList<FeeLineRequest> lines) =>
        lines.Select(l => new FeeLine(l.ItemCode!, l.Quantity!.Value, new Money(l.UnitPriceFen!.Value))).ToList();
}
