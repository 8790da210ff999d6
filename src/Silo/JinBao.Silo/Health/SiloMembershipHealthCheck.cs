using Microsoft.Extensions.Diagnostics.HealthChecks;

using Orleans.Runtime;

namespace JinBao.Silo.Health;

/// <summary>Healthy only while this silo is an active member of its cluster (joined, not shutting down).</summary>
internal sealed class SiloMembershipHealthCheck(IClusterMembershipService membership, ILocalSiloDetails localSilo) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = membership.CurrentSnapshot.GetSiloStatus(localSilo.SiloAddress);
        return Task.FromResult(status == SiloStatus.Active
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy($"The silo is {status}, not an active cluster member."));
    }
}
