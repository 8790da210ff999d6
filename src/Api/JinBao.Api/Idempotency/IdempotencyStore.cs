using JinBao.Api.Database;
using JinBao.Api.Hosting;

using Microsoft.Extensions.Options;

namespace JinBao.Api.Idempotency;

/// <summary>What a request learns when it claims its idempotency key.</summary>
public enum ClaimOutcome
{
    /// <summary>First use (or the previous holder crashed): execute, then complete or release.</summary>
    Acquired,

    /// <summary>Already executed with the same request: send the stored response.</summary>
    Replay,

    /// <summary>The key was used for a different request (another body or route): 422.</summary>
    Mismatch,

    /// <summary>The same request is still executing elsewhere and did not finish in time: 409, retry later.</summary>
    InProgress,
}

/// <summary>
/// Idempotency records in <c>jinbao_api_idempotency</c>, keyed by (caller, key). The primary key makes the claim
/// atomic across every API instance: of two requests arriving at once, exactly one inserts and executes; the other
/// waits for the stored response.
/// </summary>
public sealed class IdempotencyStore(ApiDatabase database, IOptions<ApiOptions> options, TimeProvider clock)
{
    // Longer than a grain call's timeout, so a live executor is never taken over; a crashed one frees the key after it.
    private static readonly TimeSpan LockDuration = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    public async Task<(ClaimOutcome Outcome, StoredResponse? Response)> ClaimAsync(
        string caller, string key, string requestHash, string method, string route, CancellationToken cancellationToken)
    {
        var deadline = clock.GetUtcNow() + options.Value.IdempotencyWait;
        while (true)
        {
            if (await TryInsertAsync(caller, key, requestHash, method, route, cancellationToken))
            {
                return (ClaimOutcome.Acquired, null);
            }

            var existing = await ReadAsync(caller, key, cancellationToken);
            if (existing is { } row)
            {
                if (!string.Equals(row.RequestHash, requestHash, StringComparison.Ordinal))
                {
                    return (ClaimOutcome.Mismatch, null);
                }

                if (row.Response is not null)
                {
                    return (ClaimOutcome.Replay, row.Response);
                }

                if (row.LockExpired && await TryTakeOverAsync(caller, key, cancellationToken))
                {
                    return (ClaimOutcome.Acquired, null);
                }
            }

            if (clock.GetUtcNow() >= deadline)
            {
                return (ClaimOutcome.InProgress, null);
            }

            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    public async Task CompleteAsync(string caller, string key, StoredResponse response, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand("""
            UPDATE jinbao_api_idempotency
            SET status_code = @status, content_type = @contentType, location = @location, body = @body, completed_at = now()
            WHERE caller = @caller AND key = @key AND status_code IS NULL
            """);
        command.Parameters.AddWithValue("caller", caller);
        command.Parameters.AddWithValue("key", key);
        command.Parameters.AddWithValue("status", response.StatusCode);
        command.Parameters.AddWithValue("contentType", (object?)response.ContentType ?? DBNull.Value);
        command.Parameters.AddWithValue("location", (object?)response.Location ?? DBNull.Value);
        command.Parameters.AddWithValue("body", response.Body);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Frees a key whose request was refused before it did anything, or failed unsure: the next try executes afresh.</summary>
    public async Task ReleaseAsync(string caller, string key)
    {
        await using var command = database.DataSource.CreateCommand(
            "DELETE FROM jinbao_api_idempotency WHERE caller = @caller AND key = @key AND status_code IS NULL");
        command.Parameters.AddWithValue("caller", caller);
        command.Parameters.AddWithValue("key", key);
        await command.ExecuteNonQueryAsync(CancellationToken.None); // also when the request was aborted
    }

    /// <summary>Forgets records older than the retention period.</summary>
    public async Task<int> PurgeAsync(CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand(
            "DELETE FROM jinbao_api_idempotency WHERE created_at < now() - @retention AND status_code IS NOT NULL");
        command.Parameters.AddWithValue("retention", options.Value.IdempotencyRetention);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<bool> TryInsertAsync(string caller, string key, string requestHash, string method, string route, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand("""
            INSERT INTO jinbao_api_idempotency (caller, key, request_hash, method, route, locked_until)
            VALUES (@caller, @key, @hash, @method, @route, now() + @lock)
            ON CONFLICT (caller, key) DO NOTHING
            """);
        command.Parameters.AddWithValue("caller", caller);
        command.Parameters.AddWithValue("key", key);
        command.Parameters.AddWithValue("hash", requestHash);
        command.Parameters.AddWithValue("method", method);
        command.Parameters.AddWithValue("route", route);
        command.Parameters.AddWithValue("lock", LockDuration);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    private async Task<bool> TryTakeOverAsync(string caller, string key, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand("""
            UPDATE jinbao_api_idempotency SET locked_until = now() + @lock
            WHERE caller = @caller AND key = @key AND status_code IS NULL AND locked_until < now()
            """);
        command.Parameters.AddWithValue("caller", caller);
        command.Parameters.AddWithValue("key", key);
        command.Parameters.AddWithValue("lock", LockDuration);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    private async Task<Row?> ReadAsync(string caller, string key, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand("""
            SELECT request_hash, status_code, content_type, location, body, locked_until < now()
            FROM jinbao_api_idempotency WHERE caller = @caller AND key = @key
            """);
        command.Parameters.AddWithValue("caller", caller);
        command.Parameters.AddWithValue("key", key);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var response = reader.IsDBNull(1)
            ? null
            : new StoredResponse(
                reader.GetInt32(1),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? [] : (byte[])reader[4]);
        return new Row(reader.GetString(0), response, reader.GetBoolean(5));
    }

    private sealed record Row(string RequestHash, StoredResponse? Response, bool LockExpired);
}

/// <summary>Purges expired idempotency records once an hour.</summary>
internal sealed class IdempotencyPurger(IdempotencyStore store) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await store.PurgeAsync(stoppingToken);
            }
            catch (Npgsql.NpgsqlException)
            {
                // The database is away; the next tick tries again and nothing depends on prompt purging.
            }
        }
    }
}
