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
    public List<LedgerMovement> Movements { get; set; } = [];

    public List<AuditEvent> Events { get; set; } = [];

    /// <summary>Documents for other clusters; written (signed) into <c>jinbao_outbox</c>, which a relay sends.</summary>
    public List<OutgoingDocument> Documents { get; set; } = [];

    /// <summary>Upserts of the person's payer projection row; the newest version wins.</summary>
    public List<EntitlementProjection> Projections { get; set; } = [];

    /// <summary>Recovery cases to open (a death), after the projection that stops payment.</summary>
    public List<RecoveryCaseOpening> Recoveries { get; set; } = [];

    /// <summary>Settled (or reversed) medical bills, kept out of the account's state.</summary>
    public List<MedicalSettlementRow> MedicalSettlements { get; set; } = [];

    /// <summary>A transfer's rows in the agencies' queues.</summary>
    public List<AgencyCaseRow> AgencyCases { get; set; } = [];

    /// <summary>A person's rows in the cities' directories, searched by name.</summary>
    public List<PersonDirectoryRow> Directory { get; set; } = [];

    /// <summary>After the write: nothing is pending.</summary>
    public void Clear()
    {
        Movements.Clear();
        Events.Clear();
        Documents.Clear();
        Projections.Clear();
        Recoveries.Clear();
        MedicalSettlements.Clear();
        AgencyCases.Clear();
        Directory.Clear();
    }

    public bool IsEmpty => Movements.Count == 0 && Events.Count == 0 && Documents.Count == 0 && Projections.Count == 0 && Recoveries.Count == 0 && MedicalSettlements.Count == 0 && AgencyCases.Count == 0
        && Directory.Count == 0;

    public void Add(LedgerMovement movement) => Movements.Add(movement.EnsureBalanced());

    public void Add(AuditEvent auditEvent) => Events.Add(auditEvent);

    /// <summary>Queues an audit event numbered by its stream's own sequence, so an event written again keeps its id.</summary>
    public void Audit(string stream, long sequence, string type, Requester request, object payload, DateTimeOffset at) =>
        Events.Add(new AuditEvent($"{stream}:{sequence}", stream, type, request.Actor, request.RequestId, JsonSerializer.Serialize(payload), at));

    public void Add(OutgoingDocument document) => Documents.Add(document);

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
}

/// <summary>
/// A grain state that carries the effects of its last change; JinBao's grain storage writes them in the same
/// transaction as the state and stores the state without them.
/// </summary>
public interface IHoldEffects
{
    PendingEffects Pending { get; set; }
}
