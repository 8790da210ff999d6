using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace JinBao.Telemetry;

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

    private static readonly ConcurrentDictionary<GrainId, DateTimeOffset> EffectsWaitingSince = new();

    private static long s_outboxDepth;
    private static double s_outboxOldestSeconds;

    static JinBaoTelemetry()
    {
        Meter.CreateObservableGauge("jinbao.outbox.depth", () => Volatile.Read(ref s_outboxDepth), "{document}", "Documents in this cluster's outbox not yet delivered");
        Meter.CreateObservableGauge("jinbao.outbox.oldest_age", () => Volatile.Read(ref s_outboxOldestSeconds), "s", "Age of the oldest undelivered document in the outbox");
        Meter.CreateObservableGauge("jinbao.effects.waiting", () => (long)EffectsWaitingNow().Grains, "{grain}",
            "Grains of this silo whose saved effects (ledger, audit, documents) wait for a retry of their delivery");
        Meter.CreateObservableGauge("jinbao.effects.oldest_age", () => EffectsWaitingNow().OldestWait.TotalSeconds, "s",
            "How long the longest-waiting saved effects of this silo have waited for delivery");
    }

    /// <summary>Saved effects of <paramref name="grain"/> wait for a retry of their delivery (the first failure counts).</summary>
    public static void EffectsWaiting(GrainId grain) => EffectsWaitingSince.TryAdd(grain, DateTimeOffset.UtcNow);

    /// <summary>The saved effects of <paramref name="grain"/> are delivered, or wait for its next activation instead.</summary>
    public static void EffectsNoLongerWaiting(GrainId grain) => EffectsWaitingSince.TryRemove(grain, out _);

    /// <summary>How many grains of this silo have saved effects waiting for delivery, and the longest wait (for health checks and tests).</summary>
    public static (int Grains, TimeSpan OldestWait) EffectsWaitingNow()
    {
        var since = EffectsWaitingSince.Values; // one snapshot, so the count and the age agree
        return since.Count == 0 ? (0, TimeSpan.Zero) : (since.Count, DateTimeOffset.UtcNow - since.Min());
    }

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
