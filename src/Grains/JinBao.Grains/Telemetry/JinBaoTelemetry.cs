using System.Diagnostics;
using System.Diagnostics.Metrics;

using JinBao.Grains.Storage;

namespace JinBao.Grains.Telemetry;

/// <summary>
/// JinBao's own activity source and meter (both named <c>JinBao</c>; the service defaults export them). Counted only
/// after the state they describe is durable, and tagged with codes and steps, never with a person.
/// </summary>
public static class JinBaoTelemetry
{
    public const string Name = "JinBao";

    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    /// <summary>A transfer saved in a new step; tag <c>step</c>.</summary>
    public static readonly Counter<long> TransferSteps = Meter.CreateCounter<long>("jinbao.transfer.steps", "{step}", "Pension transfer steps reached (saved)");

    /// <summary>An overdue step escalated to its agency; tag <c>step</c>.</summary>
    public static readonly Counter<long> DeadlineEscalations = Meter.CreateCounter<long>("jinbao.transfer.escalations", "{escalation}", "Overdue transfer steps escalated");

    /// <summary>An off-site settlement answered to the care place; tag <c>outcome</c> (settled, reversed).</summary>
    public static readonly Counter<long> MedicalSettlements = Meter.CreateCounter<long>("jinbao.medical.settlements", "{settlement}", "Off-site medical settlements saved at the care place");

    /// <summary>Grain writes committed together in one transaction (<see cref="Storage.GroupCommit"/>): 1 when the silo is idle.</summary>
    public static readonly Histogram<long> WritesPerCommit = Meter.CreateHistogram<long>("jinbao.storage.writes_per_commit", "{write}",
        "Grain writes (state with its effects) committed together in one database transaction");

    private static long s_outboxDepth;
    private static double s_outboxOldestSeconds;

    static JinBaoTelemetry()
    {
        Meter.CreateObservableGauge("jinbao.outbox.depth", () => Volatile.Read(ref s_outboxDepth), "{document}", "Documents in this cluster's outbox not yet delivered");
        Meter.CreateObservableGauge("jinbao.outbox.oldest_age", () => Volatile.Read(ref s_outboxOldestSeconds), "s", "Age of the oldest undelivered document in the outbox");
    }

    /// <summary>The outbox as last measured by this silo's relay (for health checks and tests).</summary>
    public static (long Depth, TimeSpan OldestAge) OutboxNow() =>
        (Volatile.Read(ref s_outboxDepth), TimeSpan.FromSeconds(Volatile.Read(ref s_outboxOldestSeconds)));

    /// <summary>Records the outbox as last measured by this silo's relay.</summary>
    public static void RecordOutbox(long depth, double oldestSeconds)
    {
        Volatile.Write(ref s_outboxDepth, depth);
        Volatile.Write(ref s_outboxOldestSeconds, oldestSeconds);
    }

    /// <summary>A span that continues the trace saved with a document (W3C <c>traceparent</c>), or a new root when none.</summary>
    public static Activity? StartLinked(string name, ActivityKind kind, string? traceParent) =>
        ActivityContext.TryParse(traceParent, null, out var parent)
            ? Source.StartActivity(name, kind, parent)
            : Source.StartActivity(name, kind);
}
