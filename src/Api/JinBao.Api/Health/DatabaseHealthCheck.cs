using JinBao.Api.Database;

using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace JinBao.Api.Health;

/// <summary>Healthy when the database answers and the API's tables (db/migrations/0004_api.sql) exist.</summary>
internal sealed class DatabaseHealthCheck(ApiDatabase database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(3));
            var missing = await database.MissingTablesAsync(timeout.Token);
            return missing.Count == 0
                ? HealthCheckResult.Healthy("The database answers and the API tables exist.")
                : HealthCheckResult.Unhealthy(ApiDatabase.MissingTablesMessage(missing));
        }
        catch (Exception exception) when (exception is Npgsql.NpgsqlException or TimeoutException or OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"The database does not answer: {exception.GetType().Name}.");
        }
    }
}
