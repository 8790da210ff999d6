using System.Text.Json;

using JinBao.Primitives;

namespace JinBao.Workbench.Backend;

// The API's JSON as the workbench reads it. Kept here, not borrowed from the API assembly: the workbench is one more
// client of the public contract, and a field it does not show is a field it does not need to know.

public sealed record CaseDto(Guid TransferId, string MaskedCitizenId, string Side, string Status, bool AwaitingThisCity, DateOnly? DueOn, bool Escalated,
    string? AssignedTo = null, bool EscalationAcknowledged = false);

public sealed record ClosedCaseDto(Guid TransferId, string MaskedCitizenId, string Side, string Status, DateTimeOffset ClosedAt);

public sealed record TransferStepDto(string Status, DateTimeOffset At, string Actor, string? Note);

public sealed record TransferEscalationDto(string Step, string ResponsibleCity, DateOnly DueOn, DateTimeOffset RaisedAt);

public sealed record TransferAmountsDto(int Months, long IndividualAccountFen, long PooledFundFen, bool FundsMove, bool TemporaryAccount);

public sealed record TransferDto(
    Guid Id,
    string CitizenId,
    string FromCity,
    string ToCity,
    string Status,
    string? AwaitingSide,
    string? AwaitingCity,
    DateOnly? DueOn,
    bool Escalated,
    TransferAmountsDto? Amounts,
    int DuplicateMonthsRefunded,
    long RefundedFen,
    string? RejectionReason,
    IReadOnlyList<TransferStepDto> Timeline,
    IReadOnlyList<TransferEscalationDto> Escalations);

public sealed record ContributionMonthDto(string Month, long BaseFen, long IndividualAccountCreditFen, long PooledFundCreditFen, string City);

public sealed record TransferredToDto(string City, DateOnly On, string TransferId);

public sealed record SegmentDto(
    string City,
    string PoolingArea,
    string Province,
    string Kind,
    string Status,
    long IndividualAccountBalanceFen,
    IReadOnlyList<ContributionMonthDto> Months,
    TransferredToDto? TransferredTo,
    IReadOnlyDictionary<string, long>? InterestByYearFen = null);

public sealed record PersonDto(
    string CitizenId,
    string? Name,
    string AddressPlace,
    string Sex,
    DateOnly BirthDate,
    string HukouRegion,
    string? InsuringCity,
    string Status,
    IReadOnlyList<SegmentDto> Segments,
    JsonElement? Entitlement);

public sealed record AccessDto(DateTimeOffset At, string Caller, string CallerKind, string CallerRegion, string Purpose, string Method, string Route, string Outcome);

public sealed record CertificateSegmentDto(
    string City,
    string Status,
    int Months,
    long BasesFen,
    long IndividualAccountCreditsFen,
    long PooledFundCreditsFen,
    long IndividualAccountBalanceFen,
    TransferredToDto? TransferredTo,
    IReadOnlyList<ContributionMonthDto> Lines);

public sealed record CertificateDto(
    string DocumentNumber,
    string VerificationCode,
    DateTimeOffset IssuedAt,
    string IssuingCity,
    string IssuedBy,
    string CitizenId,
    string? Name,
    string HukouRegion,
    IReadOnlyList<CertificateSegmentDto> Segments,
    int TotalMonths,
    long TotalBasesFen,
    long TotalIndividualAccountBalanceFen,
    string ContentSha256);

public sealed record DocumentCheckDto(string DocumentNumber, string Kind, string IssuingCity, DateTimeOffset IssuedAt, string MaskedCitizenId, JsonElement Summary, string ContentSha256);

public sealed record ClerkDto(string Login, string Role, DateTimeOffset CreatedAt, string? CreatedBy, DateTimeOffset? DisabledAt, string? DisabledBy, DateTimeOffset? LockedUntil, DateTimeOffset? PasswordChangedAt);

public sealed record ContactLetterDto(string DocumentNumber, string VerificationCode, DateTimeOffset IssuedAt, string IssuingCity, string IssuedBy,
    Guid TransferId, string MaskedCitizenId, string FromCity, string ToCity, string Status, string ContentSha256);

public sealed record FilingDto(string FilingId, string Type, string CareCity, DateOnly ValidFrom, DateOnly? ValidUntil, string Status);

public sealed record SettlementDto(string SettlementId, string CareCity, DateOnly AdmittedOn, string Status, long TotalFen, long FundPaysFen, long PatientPaysFen);

public sealed record MedicalAccountDto(IReadOnlyList<FilingDto> Filings, IReadOnlyList<SettlementDto> Settlements);

public sealed record TransferPolicyDto(bool ApproveCompleteApplications, bool ReleaseAtOnce, bool SetByAgency);

public sealed record CreatedClerkDto(string Login, string Role, string InitialPassword);

public sealed record AgencyPersonDto(string CitizenId, string Name, DateOnly EnrolledOn);

public sealed record ActivationCodeDto(string Code, DateTimeOffset ExpiresAt);

public sealed record DrawingPlaceDto(string Province, string Reason, IReadOnlyDictionary<string, int> MonthsByProvince);

public sealed record PensionEstimateDto(
    DateOnly StatutoryAgeReachedOn,
    int StatutoryAgeMonths,
    DrawingPlaceDto DrawingPlace,
    int ContributionMonths,
    int MinimumContributionMonths,
    decimal AverageContributionIndex,
    long ComputationBaseFen,
    int ComputationBaseYear,
    long AccountBalanceFen,
    decimal Divisor,
    long BasicPensionFen,
    long AccountPensionFen,
    long MonthlyPensionFen);

public sealed record PayeeDto(string DrawingProvince, string DrawingCity, string ResidenceRegion, string Bank, string BankAccountMasked,
    long BaseMonthlyPensionFen, string FirstPaymentMonth, DateOnly VerifiedUntil, string? DeathMonth);

public sealed record PaymentLineDto(string ForMonth, string RunMonth, string Bank, string BankAccountMasked, long AmountFen);

// Supervision (监管与决策): the statistics route's StatisticsView and the alert routes' AlertView. Rule and status are the
// API's kebab-case names (e.g. "self-decided", "acknowledged"); months are "yyyy-MM"; regions are 6-digit codes.

public sealed record EventPositionDto(ulong Transaction, long Sequence);

public sealed record CityFiguresDto(string City, long Enrolments, long Declarations, int OpenTransfers, int OverdueTransfers, long Deaths);

public sealed record ContributionMonthFiguresDto(string Month, string City, long Declarations, long IndividualFen, long PooledFen);

public sealed record TransferStatusCountDto(string Status, long Count);

public sealed record StepTimelinessDto(string Step, long OnTime, long Late);

public sealed record TransferFlowDto(string FromProvince, string ToProvince, long Transfers);

public sealed record SettlementHourFiguresDto(DateTimeOffset Hour, long Settlements, long FundFen);

public sealed record SettlementPlaceFiguresDto(string CareProvince, string InsuringProvince, long Settlements, long FundFen);

public sealed record PaymentMonthFiguresDto(string Month, long Payees, long AmountFen, DateTimeOffset CompletedAt);

public sealed record StatisticsDto(
    string Province,
    EventPositionDto? Position,
    long EventsCounted,
    DateTimeOffset? LastEventAt,
    IReadOnlyList<CityFiguresDto>? Cities,
    IReadOnlyList<ContributionMonthFiguresDto>? ContributionsByMonth,
    IReadOnlyList<TransferStatusCountDto>? TransfersByStatus,
    IReadOnlyList<StepTimelinessDto>? OnTimeByStep,
    IReadOnlyList<TransferFlowDto>? TransferFlows,
    IReadOnlyList<SettlementHourFiguresDto>? SettlementsByHour,
    IReadOnlyList<SettlementPlaceFiguresDto>? SettlementsByPlace,
    IReadOnlyList<PaymentMonthFiguresDto>? PaymentsByMonth,
    IReadOnlyList<NationalAdjustmentProgressDto>? NationalAdjustments = null,
    IReadOnlyList<FundBalanceDto>? FundBalances = null,
    IReadOnlyList<MonthTimelinessDto>? OnTimeByMonth = null);

/// <summary>Steps done in one month (<c>yyyy-MM</c>): on time and late.</summary>
public sealed record MonthTimelinessDto(string Month, long OnTime, long Late);

/// <summary>A ledger account (e.g. <c>440300:pooled-fund</c>) with its balance in fen, as the ledger holds it now.</summary>
public sealed record FundBalanceDto(string Account, long BalanceFen, long Postings);

/// <summary>A national adjustment in one province: when its rule arrived, and the first payment run that applied it.</summary>
public sealed record NationalAdjustmentProgressDto(string EffectiveMonth, DateTimeOffset? ReceivedAt, string? AppliedInRun, DateTimeOffset? AppliedAt);

public sealed record AlertDto(
    string AlertId,
    string Rule,
    string Place,
    string Subject,
    string Detail,
    DateTimeOffset RaisedAt,
    string Status,
    string? AcknowledgedBy,
    DateTimeOffset? AcknowledgedAt,
    string? ResolvedBy,
    DateTimeOffset? ResolvedAt,
    string? ResolutionNote,
    IReadOnlyDictionary<string, string>? Facts = null);

/// <summary>One province in the national roll-up (its latest signed summary).</summary>
public sealed record NationalProvinceFiguresDto(string Province, DateTimeOffset SentAt, DateTimeOffset ReceivedAt, StatisticsDto Figures);

/// <summary>A national pension adjustment as national entered it, and the provinces it was sent to (<c>prov-440000</c>).</summary>
public sealed record NationalAdjustmentDto(string EffectiveMonth, decimal Percent, long FixedFen, string Description, string EnteredBy, DateTimeOffset EnteredAt, IReadOnlyList<string> SentTo);

public sealed record NationalStatisticsDto(IReadOnlyList<NationalProvinceFiguresDto> Provinces, IReadOnlyList<NationalAdjustmentDto>? Adjustments = null);
