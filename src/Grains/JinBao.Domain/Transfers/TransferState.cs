using JinBao.Effects;
using JinBao.Exchange;
using JinBao.Persons;
using JinBao.Primitives;

namespace JinBao.Transfers;

/// <summary>Work a step has decided on and saved, to be done (again, after a crash) until it is recorded as done.</summary>
public enum PendingWork
{
    None,

    /// <summary>The old place approved: release the relationship at the old city.</summary>
    Release,

    /// <summary>The form and funds are out: merge them at the new city.</summary>
    Merge,
}

/// <summary>Stored as JSON in the grain storage row named <c>pension-transfer</c>.</summary>
public sealed class TransferState : IHoldEffects
{
    /// <summary>Null until applied.</summary>
    public string? CitizenId { get; set; }

    public RegionCode FromCity { get; set; }

    public RegionCode ToCity { get; set; }

    public TransferStatus Status { get; set; }

    public PendingWork Pending { get; set; }

    /// <summary>Who asked for the pending work (recorded on the person's audit events).</summary>
    public Requester? PendingRequest { get; set; }

    /// <summary>The old place's approval note, shown with the release step it starts.</summary>
    public string? ApprovalNote { get; set; }

    public DateOnly? StepStartedOn { get; set; }

    public DateOnly? DueOn { get; set; }

    public TransferCertificate? Certificate { get; set; }

    public MergeResult? Merge { get; set; }

    public string? RejectionReason { get; set; }

    public List<TransferStepView> Timeline { get; set; } = [];

    public List<TransferEscalationView> Escalations { get; set; } = [];

    /// <summary>
    /// The requests that decided this transfer (<c>approve:&lt;actor&gt;:&lt;request id&gt;</c>): the same request again, e.g. a
    /// city system's retry under its Idempotency-Key after an answer it never got, is answered with the transfer as it is,
    /// not refused because the decision it made is no longer awaited. A few per transfer.
    /// </summary>
    public HashSet<string> DecisionRequests { get; set; } = [];

    /// <summary>Ids of the exchange documents applied to this transfer: a redelivered document changes nothing.</summary>
    public HashSet<DocumentId> ProcessedDocuments { get; set; } = [];

    /// <summary>Audit events and documents of the transitions, saved with them and then delivered (the grain-level outbox).</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public PendingEffects Effects { get; set; } = new();

    PendingEffects IHoldEffects.Pending { get => Effects; set => Effects = value; }

    public bool IsApplied => CitizenId is not null;

    public bool IsFinal => Status is TransferStatus.Completed or TransferStatus.Rejected or TransferStatus.Cancelled;
}
