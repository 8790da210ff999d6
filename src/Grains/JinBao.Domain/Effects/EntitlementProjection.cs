namespace JinBao.Effects;

/// <summary>
/// The person's row in <c>jinbao_pension_entitlements</c>, the drawing province's payer record, as of
/// <see cref="Version"/> (the person's event sequence): an upsert carrying an older version changes nothing.
/// </summary>
public sealed record EntitlementProjection(
    string CitizenId,
    string DrawingProvince,
    string DrawingCity,
    string ResidenceRegion,
    string Bank,
    string BankAccount,
    long BaseMonthlyFen,
    DateOnly StartMonth,
    string Status,
    DateOnly VerifiedUntil,
    DateOnly? DeathMonth,
    long Version);

/// <summary>
/// Opens the recovery case of a death in the same transaction as the projection that stops payment: the months paid
/// after <see cref="DeathMonth"/> are read from the payment lines there, so the case holds exactly what was overpaid.
/// </summary>
public sealed record RecoveryCaseOpening(
    string CitizenId,
    string Province,
    DateOnly DeathMonth,
    long FuneralGrantFen,
    long SurvivorBenefitFen,
    long InheritableFen,
    DateTimeOffset OpenedAt);
