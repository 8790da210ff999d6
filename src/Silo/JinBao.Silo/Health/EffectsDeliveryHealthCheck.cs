using JinBao.Telemetry;

using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace JinBao.Silo.Health;

/// <summary>
/// Degraded while saved effects (ledger movements, audit events, documents) of this silo's grains have waited for
/// delivery longer than a few retries take: the decisions are safe, but the books lag them, and someone should look at
/// the database. Degraded, not unhealthy: the silo still serves, and its grains keep retrying.
/// </summary>
public sealed class EffectsDeliveryHealthCheck(TimeSpan threshold) : IHealthCheck
{
    /// <summary>A dozen retries: longer than a database restart or a failover takes.</summary>
    public EffectsDeliveryHealthCheck()
        : this(TimeSpan.FromSeconds(60))
    {
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var (grains, oldest) = JinBaoTelemetry.EffectsWaitingNow();
        var data = new Dictionary<string, object> { ["grainsWaiting"] = grains, ["oldestWaitSeconds"] = Math.Round(oldest.TotalSeconds) };
        return Task.FromResult(grains > 0 && oldest >= threshold
            ? HealthCheckResult.Degraded($"{grains} grain(s) have saved effects waiting for delivery, the oldest for {oldest.TotalSeconds:0} s.", data: data)
            : HealthCheckResult.Healthy(data: data));
    }
}
