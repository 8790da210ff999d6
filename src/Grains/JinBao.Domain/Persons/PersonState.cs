using JinBao.Effects;
using JinBao.Exchange;
using JinBao.Pensions;
using JinBao.Primitives;

namespace JinBao.Persons;

/// <summary>Stored as JSON (System.Text.Json) in the grain storage row named <c>person</c>.</summary>
public sealed class PersonState : IHoldEffects, System.Text.Json.Serialization.IJsonOnDeserialized
{
    /// <summary>
    /// Read from storage: declaration ids of a row stored before <see cref="DeclarationKeys"/> become keys; and the month
    /// lists and declaration keys, which grew by doubling as they were read (up to half their room empty, kept as long
    /// as the activation lives), are trimmed to their size (issue 16).
    /// </summary>
    void System.Text.Json.Serialization.IJsonOnDeserialized.OnDeserialized()
    {
        foreach (var (declaration, month) in Declarations ?? [])
        {
            DeclarationKeys[declaration.Key] = month;
        }

        Declarations = null;
        foreach (var segment in Segments)
        {
            segment.Months.TrimExcess();
        }

        DeclarationKeys.TrimExcess();
    }

    /// <summary>Null until enrolled.</summary>
    public string? CitizenId { get; set; }

    public RegionCode HukouRegion { get; set; }

    public RegionCode InsuringCity { get; set; }

    public DateOnly EnrolledOn { get; set; }

    /// <summary>
    /// The name given at the latest enrolment that gave one; null for a person enrolled without (and for every person
    /// stored before names were recorded: the property is simply absent from their JSON). Personal data: never logged.
    /// </summary>
    public string? Name { get; set; }

    /// <summary>The document that tells the national index the person is no longer active here (sent until delivered).</summary>
    public DocumentId? ActiveRelease { get; set; }

    public PersonStatus Status { get; set; }

    public List<PensionSegment> Segments { get; set; } = [];

    /// <summary>
    /// Declaration key (<see cref="DeclarationId.Key"/>) → month, so a repeated declaration is recognised and changes
    /// nothing. Keys, not the ids: an id is a city system's text, some sixty bytes of an active person's memory per
    /// month, while the key is eight (issue 16). The ledger holds the ids themselves (in the movement ids).
    /// </summary>
    public Dictionary<long, YearMonth> DeclarationKeys { get; set; } = [];

    /// <summary>
    /// Declaration ids as rows stored before <see cref="DeclarationKeys"/> held them; moved there as the row is read,
    /// and never written again.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public Dictionary<DeclarationId, YearMonth>? Declarations { get; set; }

    /// <summary>Numbers this person's audit events, making their ids deterministic across redelivery.</summary>
    public long EventSequence { get; set; }

    /// <summary>What each transfer did to this person, by transfer id, so a repeated step returns the same result.</summary>
    public Dictionary<string, TransferRecord> Transfers { get; set; } = [];

    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public PendingEffects Pending { get; set; } = new();

    /// <summary>Set at retirement.</summary>
    public EntitlementView? Entitlement { get; set; }

    /// <summary>Set at retirement: how the drawing place pays the person (spec §5).</summary>
    public PayeeState? Payee { get; set; }

    public bool IsEnrolled => CitizenId is not null;
}

/// <summary>The retiree's payee record, mirrored to the <c>jinbao_pension_entitlements</c> projection on every change.</summary>
public sealed class PayeeState
{
    public RegionCode ResidenceRegion { get; set; }

    public string Bank { get; set; } = "";

    public string BankAccount { get; set; } = "";

    public DateOnly VerifiedUntil { get; set; }

    /// <summary>Verification event ids seen, so a repeated event changes nothing.</summary>
    public HashSet<string> Verifications { get; set; } = [];

    public DateOnly? DiedOn { get; set; }

    public Drawing.DeathSettlement? Death { get; set; }
}

/// <summary>The person's account in one pooling area (spec §3: one region account per pooling area).</summary>
public sealed class PensionSegment
{
    /// <summary>The handling agency's city (经办机构): the segment's identity within the person.</summary>
    public RegionCode City { get; set; }

    public string PoolingArea { get; set; } = "";

    public RegionCode Province { get; set; }

    public SegmentKind Kind { get; set; }

    public SegmentStatus Status { get; set; }

    public Money IndividualAccountBalance { get; set; }

    /// <summary>
    /// By month, in order. A sorted list (two arrays) rather than a sorted dictionary (a tree node per month): an active
    /// person holds every month of every segment in memory. The JSON is the same object either way.
    /// </summary>
    public SortedList<YearMonth, RecordedMonth> Months { get; set; } = [];

    /// <summary>Years whose interest has been credited to this segment (once each).</summary>
    public SortedSet<int> InterestYears { get; set; } = [];

    /// <summary>Interest credited so far (part of <see cref="IndividualAccountBalance"/>).</summary>
    public Money InterestCredited { get; set; }

    /// <summary>The interest credited for each year, as the person's record shows it (years credited before it was kept are only in the total).</summary>
    public SortedDictionary<int, Money> InterestByYear { get; set; } = [];

    /// <summary>Set when the relationship was released to another place (status <see cref="SegmentStatus.TransferredOut"/>).</summary>
    public TransferredTo? TransferredTo { get; set; }
}

/// <summary>This person's side of one transfer: the form released (old place) and the merge done (new place).</summary>
public sealed class TransferRecord
{
    public Transfers.TransferCertificate? Released { get; set; }

    public Transfers.MergeResult? Merged { get; set; }
}

/// <summary>
/// One recorded contribution month. Which declaration or transfer brought it is not kept here: the declarations are
/// in <see cref="PersonState.DeclarationKeys"/> and the ledger's movement ids, a transfer's in <see cref="PersonState.Transfers"/>.
/// Each month held its own copy of that id: about 800 bytes of an active person's memory with 12 months (issue 16). A
/// row stored with one still reads (the property is ignored). A value, not an object: a month is 32 bytes inside its
/// segment's list rather than a reference to a 48-byte object.
/// </summary>
public readonly record struct RecordedMonth(Money Base, Money IndividualAccountCredit, Money PooledFundCredit, RegionCode City);
