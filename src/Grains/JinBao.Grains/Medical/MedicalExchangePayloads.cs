using JinBao.Medical;
using JinBao.Persons;
using JinBao.Primitives;

namespace JinBao.Grains.Medical;

/// <summary>The payload of <see cref="Exchange.DocumentTypes.MedicalSettlementRequest"/>: the bill, coded in the care province's catalogue.</summary>
public sealed record MedicalSettlementRequestPayload(SettleBill Bill);

/// <summary>The payload of <see cref="Exchange.DocumentTypes.MedicalReversalRequest"/>.</summary>
public sealed record MedicalReversalRequestPayload(SettlementId SettlementId, RegionCode CareCity, Requester Request, string? Reason);

/// <summary>The payload of <see cref="Exchange.DocumentTypes.MedicalStatementsRequest"/>.</summary>
public sealed record MedicalStatementsRequestPayload(YearMonth Period);

/// <summary>The payload of <see cref="Exchange.DocumentTypes.MedicalClearingConfirmation"/>.</summary>
public sealed record MedicalClearingConfirmationPayload(YearMonth Period, RegionCode InsuringProvince, RegionCode CareProvince, string Actor, string? Note);

/// <summary>The payload of <see cref="Exchange.DocumentTypes.MedicalStatements"/>.</summary>
public sealed record MedicalStatementsPayload(IReadOnlyList<ClearingStatementView> Statements);
