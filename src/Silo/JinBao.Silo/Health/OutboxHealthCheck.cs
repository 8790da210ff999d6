using JinBao.Grains.Telemetry;

using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace JinBao.Silo.Health;

/// <summary>
/// Degraded while a signed document has waited in this cluster's outbox longer than a receiver may be away: the
/// decisions behind it are saved and the document will go when the other side answers, but the other place is not
/// served, and someone should look. Degraded, not unhealthy: the silo still serves, and its relay keeps retrying.
/// (A grain's ledger and audit effects commit with its state, so only documents can wait.)
/// </summary>
public sealed class OutboxHealthCheck(TimeSpan threshold) : IHealthCheck
{
    /// <summary>Two minutes: "stopping two minutes is not allowed".</summary>
    public OutboxHealthCheck()
        : this(TimeSpan.FromMinutes(2))
    {
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var (depth, oldest) = JinBaoTelemetry.OutboxNow();
        var data = new Dictionary<string, object> { ["documentsWaiting"] = depth, ["oldestWaitSeconds"] = Math.Round(oldest.TotalSeconds) };
        return Task.FromResult(depth > 0 && oldest >= threshold
            ? HealthCheckResult.Degraded($"{depth} document(s) wait in the outbox, the oldest for {oldest.TotalSeconds:0} s: is the national exchange or the receiver down?", data: data)
            : HealthCheckResult.Healthy(data: data));
    }
}
