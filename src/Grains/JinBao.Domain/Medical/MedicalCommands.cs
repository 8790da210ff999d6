using JinBao.Persons;
using JinBao.Primitives;

namespace JinBao.Medical;

/// <summary>File for off-site care (备案, spec §4.1) at the insuring place.</summary>
/// <param name="FilingId">The filing's id; filing again with the same id and content is a no-op.</param>
/// <param name="Type">Long-term residence, or a temporary kind (emergencies need no filing: they are deemed filed).</param>
/// <param name="CareCity">Where care will be taken (a filing may cover a whole city).</param>
/// <param name="ValidFrom">First day covered.</param>
/// <param name="ValidUntil">Last day covered; empty for a long-term filing (valid until changed); at least six months for a temporary one.</param>
/// <param name="Request">Who files.</param>
[GenerateSerializer, Immutable, Alias("jinbao.file-for-care")]
public sealed record FileForCare(FilingId FilingId, FilingType Type, RegionCode CareCity, DateOnly ValidFrom, DateOnly? ValidUntil, Requester Request);

/// <summary>A hospital's request for direct settlement at discharge (pre-settlement 2303 / settlement 2304).</summary>
/// <param name="SettlementId">The settlement id: the idempotency key for every party (spec §4.6).</param>
/// <param name="CareCity">The hospital's city (the place of care).</param>
/// <param name="AdmittedOn">Date of admission: decides the policy year and the filing that covers it.</param>
/// <param name="Emergency">An emergency or rescue case: deemed filed.</param>
/// <param name="Lines">The bill, coded in the care province's catalogue.</param>
/// <param name="Request">Who asks (the care place's system).</param>
[GenerateSerializer, Immutable, Alias("jinbao.settle-bill")]
public sealed record SettleBill(SettlementId SettlementId, RegionCode CareCity, DateOnly AdmittedOn, bool Emergency, IReadOnlyList<FeeLine> Lines, Requester Request);

/// <summary>The state of a filing.</summary>
public enum FilingStatus
{
    /// <summary>In force for its validity period.</summary>
    Active,

    /// <summary>Withdrawn by the person or the agency.</summary>
    Cancelled,

    /// <summary>Replaced by another filing (a move to another city, another kind of stay).</summary>
    Changed,
}

/// <summary>A filing as recorded.</summary>
[GenerateSerializer, Immutable, Alias("jinbao.filing-view")]
public sealed record FilingView(FilingId FilingId, FilingType Type, RegionCode CareCity, DateOnly ValidFrom, DateOnly? ValidUntil, FilingStatus Status);

/// <summary>The state of a settlement (spec §4.7).</summary>
public enum SettlementStatus
{
    /// <summary>Settled: the patient paid their part, the fund owes the care place the rest.</summary>
    Settled,

    /// <summary>Reversed (冲正): accumulators restored, reversing ledger entries posted.</summary>
    Reversed,
}

/// <summary>One settlement as the hospital and the insuring place see it.</summary>
[GenerateSerializer, Immutable, Alias("jinbao.settlement-view")]
public sealed record SettlementView(SettlementId SettlementId, RegionCode CareCity, RegionCode InsuringCity, DateOnly AdmittedOn, FilingType FilingType, BenefitDecision Decision, SettlementStatus Status);

/// <summary>A person's medical account at the insuring place: filings, yearly accumulators, settlements.</summary>
[GenerateSerializer, Immutable, Alias("jinbao.medical-account-view")]
public sealed record MedicalAccountView(
    IReadOnlyList<FilingView> Filings,
    IReadOnlyDictionary<int, Money> FundPaidByYear,
    IReadOnlyDictionary<int, Money> DeductibleUsedByYear,
    IReadOnlyList<SettlementView> Settlements);
