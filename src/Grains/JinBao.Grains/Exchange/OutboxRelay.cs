using System.Diagnostics;

using JinBao.Exchange;
using JinBao.Grains.Storage;
using JinBao.Grains.Telemetry;

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

using Npgsql;

namespace JinBao.Grains.Exchange;

/// <summary>
/// Sends the rows of <c>jinbao_outbox</c>: a province to the national exchange, the national exchange to the receiving
/// province. Every silo runs one. A document this silo has just written comes by <see cref="OutboxHandoff"/> and is sent
/// at once; its row was inserted with a lease, so nothing else takes it meanwhile. Any other due row (a lost handoff, a
/// failed send, a dead silo's documents) is claimed by the poll with <c>FOR UPDATE SKIP LOCKED</c>, and the claim itself
/// schedules the next attempt (exponential backoff, capped), so a relay that dies mid-send only delays its rows. A row
/// is done when the receiver answered 2xx, which it does only after storing the document. Delivery is at least once;
/// the receiver dedupes by document id.
/// <para>
/// Documents are sent concurrently and neither path waits for them: a receiver applies a document before it answers, so
/// one slow receiver must hold up neither the other documents nor the next pass. Marking a row delivered goes through
/// <see cref="GroupCommit"/>, so concurrent deliveries share commits.
/// </para>
/// </summary>
public sealed partial class OutboxRelay(
    NpgsqlDataSource dataSource,
    GroupCommit commits,
    OutboxHandoff handoff,
    ExchangeHttp http,
    IOptions<ExchangeOptions> options,
    JinBaoCluster cluster,
    ILogger<OutboxRelay> logger)
{
    public const string DocumentsPath = "exchange/v1/documents";

    // The claim is a lease: no relay takes the row again while this send may still be running (up to $4 seconds), and
    // the backoff is added for when it failed silently (the relay died). A send that fails says so and shortens it.
    private const string Claim = """
        UPDATE jinbao_outbox o
        SET attempts = o.attempts + 1,
            next_attempt_at = now() + make_interval(secs => $4 + least($2, $3 * power(2, least(o.attempts, 30))))
        FROM (SELECT document_id FROM jinbao_outbox
              WHERE delivered_at IS NULL AND next_attempt_at <= now()
              ORDER BY created_at
              LIMIT $1
              FOR UPDATE SKIP LOCKED) due
        WHERE o.document_id = due.document_id
        RETURNING o.document_id, o.receiver, o.type, o.document, o.attempts, o.trace_parent
        """;

    /// <summary>Documents this silo's relay sends at once; more claimed rows wait for a free slot.</summary>
    public const int ConcurrentSends = 32;

    private const string MarkDelivered = "UPDATE jinbao_outbox SET delivered_at = now(), last_error = NULL WHERE document_id = $1 AND delivered_at IS NULL";

    // A handed-off row was never claimed: its failed first send counts as its first attempt ($5).
    private const string Failed = """
        UPDATE jinbao_outbox SET last_error = $2, attempts = greatest(attempts, $5),
            next_attempt_at = now() + make_interval(secs => least($3, $4 * power(2, least(greatest(attempts, $5) - 1, 30))))
        WHERE document_id = $1
        """;

    private readonly SemaphoreSlim _sending = new(ConcurrentSends);

    /// <summary>One pass: claims the due rows and starts sending each (the claim schedules a retry for any that fail). Returns how many were claimed.</summary>
    public async Task<int> DeliverDueAsync(CancellationToken cancellationToken)
    {
        var rows = new List<OutboxDocument>();
        await using (var command = dataSource.CreateCommand(Claim))
        {
            command.Parameters.Add(new() { Value = options.Value.BatchSize });
            command.Parameters.Add(new() { Value = options.Value.RetryMaxDelay.TotalSeconds });
            command.Parameters.Add(new() { Value = options.Value.RetryBaseDelay.TotalSeconds });
            command.Parameters.Add(new() { Value = options.Value.SendLimit.TotalSeconds });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add(new OutboxDocument(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt32(4), reader.IsDBNull(5) ? null : reader.GetString(5)));
            }
        }

        foreach (var row in rows)
        {
            await StartSendingAsync(row, cancellationToken);
        }

        return rows.Count;
    }

    /// <summary>Sends the documents this silo hands over as it commits them, until the silo stops.</summary>
    public async Task SendHandedOffAsync(CancellationToken stop)
    {
        try
        {
            await foreach (var document in handoff.Documents.ReadAllAsync(stop))
            {
                await StartSendingAsync(document, stop);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // the silo stops; what was not sent yet is in the outbox for the next poll
        }
    }

    /// <summary>Starts sending once a send slot is free, and returns without waiting for the send.</summary>
    private async Task StartSendingAsync(OutboxDocument row, CancellationToken cancellationToken)
    {
        await _sending.WaitAsync(cancellationToken);
        _ = Task.Run(async () =>
        {
            try
            {
                await SendAsync(row, cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogDeferred(row.DocumentId, row.Type, row.Receiver, row.Attempts, exception.Message); // the lease or the claim's retry time brings it back
            }
            finally
            {
                _sending.Release();
            }
        }, CancellationToken.None);
    }

    /// <summary>
    /// Sends one document now, whoever else may be sending it (a duplicate is harmless): for a step whose caller wants
    /// the other side to know before it returns. False when it stays in the outbox for the relay.
    /// </summary>
    public async Task<bool> TrySendNowAsync(string documentId, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var command = dataSource.CreateCommand(
                "SELECT document_id, receiver, type, document, attempts, delivered_at IS NOT NULL, trace_parent FROM jinbao_outbox WHERE document_id = $1");
            command.Parameters.Add(new() { Value = documentId });
            OutboxDocument? row = null;
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                if (!await reader.ReadAsync(cancellationToken))
                {
                    return false; // not in the outbox yet: the grain delivers it there later
                }

                if (reader.GetBoolean(5))
                {
                    return true;
                }

                row = new OutboxDocument(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt32(4), reader.IsDBNull(6) ? null : reader.GetString(6));
            }

            return await SendAsync(row, cancellationToken);
        }
        catch (NpgsqlException exception)
        {
            LogDeferred(documentId, "?", "?", 0, exception.Message);
            return false;
        }
    }

    private async Task<bool> SendAsync(OutboxDocument row, CancellationToken cancellationToken)
    {
        // The POST carries this span's traceparent, so the receiving cluster continues the trace of the step that wrote the document.
        using var activity = JinBaoTelemetry.StartLinked($"exchange send {row.Type}", ActivityKind.Producer, row.TraceParent);
        activity?.SetTag("jinbao.document.type", row.Type);
        activity?.SetTag("jinbao.document.receiver", row.Receiver);
        activity?.SetTag("jinbao.document.attempt", row.Attempts);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(options.Value.SendLimit); // within the claim's lease
        try
        {
            using var response = await http.PostAsync(Destination(row.Receiver), DocumentsPath, row.Document, limit.Token);
            if (response.IsSuccessStatusCode)
            {
                await commits.CommitAsync([new Statement(MarkDelivered, row.DocumentId)]);
                LogDelivered(row.DocumentId, row.Type, row.Receiver, row.Attempts);
                return true;
            }

            // A refusal (4xx) is a defect or a configuration gap (an unknown key, a missing route): keep the document, say why loudly.
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            var error = $"{(int)response.StatusCode}: {body[..Math.Min(body.Length, 500)]}";
            LogRefused(row.DocumentId, row.Type, row.Receiver, error);
            await ExecuteAsync(Failed, row.DocumentId, error, options.Value.RetryMaxDelay.TotalSeconds, options.Value.RetryBaseDelay.TotalSeconds, Math.Max(row.Attempts, 1));
        }
        catch (Exception exception) when (exception is ExchangeUnreachableException || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            LogDeferred(row.DocumentId, row.Type, row.Receiver, row.Attempts, exception.Message);
            await ExecuteAsync(Failed, row.DocumentId, exception.Message, options.Value.RetryMaxDelay.TotalSeconds, options.Value.RetryBaseDelay.TotalSeconds, Math.Max(row.Attempts, 1));
        }

        return false;
    }

    /// <summary>A province sends everything to the national exchange; the exchange sends to the receiver's routes.</summary>
    private IReadOnlyList<string> Destination(string receiver) => cluster.IsNational
        ? ExchangeOptions.SplitUrls(options.Value.ClusterRoutes.GetValueOrDefault(receiver))
        : ExchangeOptions.SplitUrls(options.Value.NationalUrl);

    private async Task ExecuteAsync(string sql, params object[] values)
    {
        await using var command = dataSource.CreateCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new() { Value = value });
        }

        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Measures the undelivered outbox for the <c>jinbao.outbox.*</c> gauges.</summary>
    public async Task MeasureAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT count(*), coalesce(extract(epoch FROM now() - min(created_at)), 0)::float8 FROM jinbao_outbox WHERE delivered_at IS NULL");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (await reader.ReadAsync(cancellationToken))
        {
            JinBaoTelemetry.RecordOutbox(reader.GetInt64(0), reader.GetDouble(1));
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Document {DocumentId} ({Type}) delivered for {Receiver} after {Attempts} attempt(s)")]
    private partial void LogDelivered(string documentId, string type, string receiver, int attempts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Document {DocumentId} ({Type}) for {Receiver} not delivered (attempt {Attempts}); it stays in the outbox: {Reason}")]
    private partial void LogDeferred(string documentId, string type, string receiver, int attempts, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Document {DocumentId} ({Type}) for {Receiver} was refused: {Error}; it stays in the outbox until fixed")]
    private partial void LogRefused(string documentId, string type, string receiver, string error);
}
