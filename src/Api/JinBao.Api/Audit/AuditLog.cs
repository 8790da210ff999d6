using JinBao.Api.Auth;
using JinBao.Api.Database;

namespace JinBao.Api.Audit;

/// <summary>One audited access: who, why, whom it concerned, through which route, and what came of it.</summary>
public sealed record AuditEntry(
    Caller Caller,
    string Purpose,
    string? CitizenId,
    Guid? TransferId,
    string Method,
    string Route,
    int StatusCode,
    string? IdempotencyKey,
    bool Replayed,
    string? TraceId)
{
    /// <summary>A word for the outcome, for people reading the table.</summary>
    public string Outcome => StatusCode switch
    {
        >= 200 and < 300 => "ok",
        401 or 403 => "denied",
        404 => "not-found",
        409 => "refused",
        422 => "key-reused",
        >= 500 => "failed",
        _ => "invalid",
    };
}

/// <summary>Appends to <c>jinbao_api_audit</c> (append-only: a trigger refuses updates and deletes).</summary>
public sealed class AuditLog(ApiDatabase database)
{
    public async Task WriteAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand("""
            INSERT INTO jinbao_api_audit (caller, caller_kind, caller_region, purpose, citizen_id, transfer_id, method, route,
                                          status_code, outcome, idempotency_key, replayed, trace_id)
            VALUES (@caller, @kind, @region, @purpose, @citizen, @transfer, @method, @route, @status, @outcome, @key, @replayed, @trace)
            """);
        command.Parameters.AddWithValue("caller", entry.Caller.Actor);
        command.Parameters.AddWithValue("kind", entry.Caller.KindName);
        command.Parameters.AddWithValue("region", entry.Caller.Region.Value);
        command.Parameters.AddWithValue("purpose", entry.Purpose);
        command.Parameters.AddWithValue("citizen", (object?)entry.CitizenId ?? DBNull.Value);
        command.Parameters.AddWithValue("transfer", (object?)entry.TransferId ?? DBNull.Value);
        command.Parameters.AddWithValue("method", entry.Method);
        command.Parameters.AddWithValue("route", entry.Route);
        command.Parameters.AddWithValue("status", entry.StatusCode);
        command.Parameters.AddWithValue("outcome", entry.Outcome);
        command.Parameters.AddWithValue("key", (object?)entry.IdempotencyKey ?? DBNull.Value);
        command.Parameters.AddWithValue("replayed", entry.Replayed);
        command.Parameters.AddWithValue("trace", (object?)entry.TraceId ?? DBNull.Value);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
