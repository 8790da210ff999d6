using JinBao.Api.Auth;
using JinBao.Api.Database;
using JinBao.Primitives;

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

    /// <summary>Who accessed a person's data, latest first: the rows of <c>jinbao_api_audit</c> that name them.</summary>
    /// <summary>The transfers of a person that calls through this API answered with success, latest first.</summary>
    public async Task<IReadOnlyList<Guid>> TransfersOfPersonAsync(string citizenId, int limit, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand("""
            SELECT transfer_id FROM jinbao_api_audit
            WHERE citizen_id = @citizen AND transfer_id IS NOT NULL AND status_code < 300
            GROUP BY transfer_id ORDER BY max(at) DESC LIMIT @limit
            """);
        command.Parameters.AddWithValue("citizen", citizenId);
        command.Parameters.AddWithValue("limit", limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var transfers = new List<Guid>();
        while (await reader.ReadAsync(cancellationToken))
        {
            transfers.Add(reader.GetGuid(0));
        }

        return transfers;
    }

    public async Task<IReadOnlyList<PersonAccessEntry>> ReadForPersonAsync(string citizenId, int limit, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand("""
            SELECT at, caller, caller_kind, caller_region, purpose, method, route, outcome
            FROM jinbao_api_audit WHERE citizen_id = @citizen ORDER BY at DESC, audit_id DESC LIMIT @limit
            """);
        command.Parameters.AddWithValue("citizen", citizenId);
        command.Parameters.AddWithValue("limit", limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<PersonAccessEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new PersonAccessEntry(reader.GetFieldValue<DateTimeOffset>(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.GetString(4), reader.GetString(5), reader.GetString(6), reader.GetString(7)));
        }

        return rows;
    }
}

/// <summary>One access to a person's data as the person (and the agencies in scope) may see it.</summary>
public sealed record PersonAccessEntry(DateTimeOffset At, string Caller, string CallerKind, string CallerRegion, string Purpose, string Method, string Route, string Outcome);
