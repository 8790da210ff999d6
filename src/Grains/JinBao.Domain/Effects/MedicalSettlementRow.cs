using JinBao.Primitives;

namespace JinBao.Effects;

/// <summary>
/// A settlement's row in <c>jinbao_medical_settlements</c> (inserted when settled, updated when reversed);
/// <see cref="RecordJson"/> is the medical account's own record of it.
/// </summary>
public sealed record MedicalSettlementRow(string CitizenId, SettlementId SettlementId, DateOnly AdmittedOn, string Status, string RecordJson);
