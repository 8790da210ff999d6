using System.Text.Json;

using JinBao.Exchange;
using JinBao.Ledger;
using JinBao.Persons;
using JinBao.Primitives;

namespace JinBao.Effects;

/// <summary>
/// What a grain's decision implies beyond its own state: ledger movements, audit events, cross-cluster documents and
/// projection rows. JinBao's grain storage writes them in the same transaction as the state and stores the state
/// without them (<c>JinBaoGrainStorage</c>, in JinBao.Grains). Every statement is keyed by the effect's own id, so writing one
/// again (a state stored by an older version still holding some) inserts nothing.
/// </summary>
public sealed class PendingEffects
{
    // Each list exists only while it holds something: an idle grain's state carries one small object, not eight empty
    // lists (about 300 bytes of every active person, issue 16). An empty list read from an older row is dropped too.
    private List<LedgerMovement>? _movements;
    private List<AuditEvent>? _events;
    private List<OutgoingDocument>? _documents;
    private List<EntitlementProjection>? _projections;
    private List<RecoveryCaseOpening>? _recoveries;
    private List<MedicalSettlementRow>? _medicalSettlements;
    private List<AgencyCaseRow>? _agencyCases;
    private List<PersonDirectoryRow>? _directory;
    private List<AlertRow>? _alerts;
    private List<AlertChange>? _alertChanges;

    public List<LedgerMovement> Movements { get => _movements ??= []; set => _movements = NullIfEmpty(value); }

    public List<AuditEvent> Events { get => _events ??= []; set => _events = NullIfEmpty(value); }

    /// <summary>Documents for other clusters; written (signed) into <c>jinbao_outbox</c>, which a relay sends.</summary>
    public List<OutgoingDocument> Documents { get => _documents ??= []; set => _documents = NullIfEmpty(value); }

    /// <summary>Upserts of the person's payer projection row; the newest version wins.</summary>
    public List<EntitlementProjection> Projections { get => _projections ??= []; set => _projections = NullIfEmpty(value); }

    /// <summary>Recovery cases to open (a death), after the projection that stops payment.</summary>
    public List<RecoveryCaseOpening> Recoveries { get => _recoveries ??= []; set => _recoveries = NullIfEmpty(value); }

    /// <summary>Settled (or reversed) medical bills, kept out of the account's state.</summary>
    public List<MedicalSettlementRow> MedicalSettlements { get => _medicalSettlements ??= []; set => _medicalSettlements = NullIfEmpty(value); }

    /// <summary>A transfer's rows in the agencies' queues.</summary>
    public List<AgencyCaseRow> AgencyCases { get => _agencyCases ??= []; set => _agencyCases = NullIfEmpty(value); }

    /// <summary>A person's rows in the cities' directories, searched by name.</summary>
    public List<PersonDirectoryRow> Directory { get => _directory ??= []; set => _directory = NullIfEmpty(value); }

    /// <summary>Alerts a supervision rule raised.</summary>
    public List<AlertRow> Alerts { get => _alerts ??= []; set => _alerts = NullIfEmpty(value); }

    /// <summary>Alerts a supervisor acknowledged or resolved.</summary>
    public List<AlertChange> AlertChanges { get => _alertChanges ??= []; set => _alertChanges = NullIfEmpty(value); }

    /// <summary>After the write: nothing is pending, and the lists are let go.</summary>
    public void Clear()
    {
        _movements = null;
        _events = null;
        _documents = null;
        _projections = null;
        _recoveries = null;
        _medicalSettlements = null;
        _agencyCases = null;
        _directory = null;
        _alerts = null;
        _alertChanges = null;
    }

    public bool IsEmpty => IsNullOrEmpty(_movements) && IsNullOrEmpty(_events) && IsNullOrEmpty(_documents) && IsNullOrEmpty(_projections)
        && IsNullOrEmpty(_recoveries) && IsNullOrEmpty(_medicalSettlements) && IsNullOrEmpty(_agencyCases) && IsNullOrEmpty(_directory)
        && IsNullOrEmpty(_alerts) && IsNullOrEmpty(_alertChanges);

    public void Add(LedgerMovement movement) => Movements.Add(movement.EnsureBalanced());

    public void Add(AuditEvent auditEvent) => Events.Add(auditEvent);

    /// <summary>Queues an audit event numbered by its stream's own sequence, so an event written again keeps its id.</summary>
    public void Audit(string stream, long sequence, string type, Requester request, object payload, DateTimeOffset at) =>
        Events.Add(new AuditEvent($"{stream}:{sequence}", stream, type, request.Actor, request.RequestId, JsonSerializer.Serialize(payload), at));

    public void Add(OutgoingDocument document) => Documents.Add(document);

    public void Add(AlertRow alert) => Alerts.Add(alert);

    public void Add(EntitlementProjection projection) => Projections.Add(projection);

    public void Add(RecoveryCaseOpening recovery) => Recoveries.Add(recovery);

    public void Add(MedicalSettlementRow settlement) => MedicalSettlements.Add(settlement);

    /// <summary>Queues the row, replacing one queued earlier for the same city (only the latest step counts).</summary>
    public void Add(AgencyCaseRow row)
    {
        AgencyCases.RemoveAll(queued => queued.City == row.City && queued.TransferId == row.TransferId);
        AgencyCases.Add(row);
    }

    /// <summary>Queues the row, replacing one queued earlier for the same city and person (only the latest counts).</summary>
    public void Add(PersonDirectoryRow row)
    {
        Directory.RemoveAll(queued => queued.City == row.City && queued.CitizenId == row.CitizenId);
        Directory.Add(row);
    }

    private static List<T>? NullIfEmpty<T>(List<T>? list) => list is { Count: > 0 } ? list : null;

    private static bool IsNullOrEmpty<T>(List<T>? list) => list is null || list.Count == 0;
}

/// <summary>
/// A grain state that carries the effects of its last change; JinBao's grain storage writes them in the same
/// transaction as the state and stores the state without them.
/// </summary>
public interface IHoldEffects
{
    /// <summary>
    /// The effects of the last change. Each state leaves it out of its JSON when null, which is how JinBao's grain
    /// storage writes the state (a state read back gets a new, empty one).
    /// </summary>
    PendingEffects Pending { get; set; }
}
