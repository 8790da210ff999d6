using System.Diagnostics;
using System.Text.Json;

using JinBao.Errors;
using JinBao.Storage;
using JinBao.Telemetry;

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

using Npgsql;

namespace JinBao.Exchange;

/// <summary>
/// The receiving side: <c>jinbao_inbox</c>. A verified document is stored (keyed by id: a replay inserts nothing)
/// before the sender hears 202. At the national exchange a document for a province is queued in the outbox in the
/// same transaction (forwarded); a document for this cluster is handed to its grain, now and, if that fails, by the
/// dispatcher loop later. A row is marked processed only after the grain applied (or deduped) it.
/// </summary>
public sealed partial class ExchangeInbox(
    NpgsqlDataSource dataSource,
    GroupCommit commits,
    DocumentDispatcher dispatcher,
    ExchangeSignal signal,
    IOptions<ExchangeOptions> options,
    JinBaoCluster cluster,
    ILogger<ExchangeInbox> logger)
{
    // New rows wait before the loop may take them: the receiving request processes them at once, and may take up to its
    // request timeout; a loop that took them meanwhile would only queue behind its row lock.
    private const string Insert = """
        INSERT INTO jinbao_inbox (document_id, sender, receiver, type, document, next_attempt_at, processed_at, outcome, trace_parent)
        VALUES ($1, $2, $3, $4, $5, now() + make_interval(secs => $6),
                CASE WHEN $7 THEN now() END, CASE WHEN $7 THEN 'forwarded' END, $8)
        ON CONFLICT (document_id) DO NOTHING
        """;

    private const string Forward = """
        INSERT INTO jinbao_outbox (document_id, receiver, type, document, trace_parent)
        VALUES ($1, $2, $3, $4, $5)
        ON CONFLICT (document_id) DO NOTHING
        """;

    private const string Processed = "UPDATE jinbao_inbox SET processed_at = now(), outcome = $2, last_error = NULL WHERE document_id = $1 AND processed_at IS NULL";

    private const string Deferred = """
        UPDATE jinbao_inbox SET last_error = $2, next_attempt_at = least(next_attempt_at, now() + make_interval(secs => $3))
        WHERE document_id = $1 AND processed_at IS NULL
        """;

    private const string Claim = """
        UPDATE jinbao_inbox i
        SET attempts = i.attempts + 1,
            next_attempt_at = now() + make_interval(secs => least($2, $3 * power(2, least(i.attempts, 30))))
        FROM (SELECT document_id FROM jinbao_inbox
              WHERE processed_at IS NULL AND next_attempt_at <= now()
              ORDER BY received_at
              LIMIT $1
              FOR UPDATE SKIP LOCKED) due
        WHERE i.document_id = due.document_id
        RETURNING i.document_id
        """;

    /// <summary>
    /// Stores a verified document; true when it is new (false: a replay, which changes nothing). The insert (and, at the
    /// national exchange, the forward) is group-committed with whatever else this silo writes at the moment.
    /// </summary>
    public async Task<bool> StoreAsync(ExchangeDocument document, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.Serialize(document, ExchangeJson.Wire);
        var forward = cluster.IsNational && document.Receiver != cluster.Id;
        var traceParent = StatementValue.Text(Activity.Current?.Id); // the receiving request's span: applying or forwarding continues it
        cancellationToken.ThrowIfCancellationRequested();
        List<Statement> statements =
        [
            new(Insert, document.DocumentId, document.Sender, document.Receiver, document.Type, json, options.Value.RequestTimeout.TotalSeconds,
                new StatementValue(forward), traceParent),
        ];
        if (forward)
        {
            // A replay inserts nothing here either (same document id), so both statements can go unconditionally.
            statements.Add(new(Forward, document.DocumentId, document.Receiver, document.Type, json, traceParent));
        }

        var affected = await commits.CommitAsync(statements);
        var inserted = affected[0] == 1;
        if (inserted && forward)
        {
            signal.Wake();
        }

        return inserted;
    }

    /// <summary>
    /// Applies one stored document if it is not processed yet, then marks it processed (group-committed). Every grain
    /// a document goes to dedupes by document id, so the rare second application (the loop taking a row whose
    /// receiving request is still at work past its timeout) changes nothing.
    /// </summary>
    public async Task ProcessAsync(string documentId, CancellationToken cancellationToken)
    {
        ExchangeDocument? document = null;
        string? traceParent = null;
        await using (var select = dataSource.CreateCommand("SELECT document, trace_parent FROM jinbao_inbox WHERE document_id = $1 AND processed_at IS NULL"))
        {
            select.Parameters.Add(new() { Value = documentId });
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                document = JsonSerializer.Deserialize<ExchangeDocument>(reader.GetString(0), ExchangeJson.Wire);
                traceParent = reader.IsDBNull(1) ? null : reader.GetString(1);
            }
        }

        if (document is null)
        {
            return; // processed already (or forwarded)
        }

        // Applied now by the receiving request, or later by the dispatcher loop: either way within the sender's trace.
        using var activity = Activity.Current is null ? JinBaoTelemetry.StartLinked($"exchange apply {document.Type}", ActivityKind.Consumer, traceParent) : null;
        activity?.SetTag("jinbao.document.type", document.Type);
        string outcome;
        try
        {
            outcome = await dispatcher.DispatchAsync(document);
        }
        catch (JinBaoException exception) when (exception.Kind != ErrorKind.Unavailable)
        {
            // A rule refuses it and always will: recorded (and logged) rather than retried forever. An unavailable
            // answer (the grain's database did not answer) is no refusal: recorded as processed, the document would
            // never be applied; it falls to the retry below.
            outcome = $"refused: {exception.Code}: {exception.Message}";
            LogRefused(document.DocumentId, document.Type, document.Sender, exception.Code);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogDeferred(exception, document.DocumentId, document.Type);
            await commits.CommitAsync([new Statement(Deferred, documentId, exception.Message, options.Value.RetryBaseDelay.TotalSeconds)]);
            return;
        }

        await commits.CommitAsync([new Statement(Processed, documentId, outcome)]);
        LogProcessed(document.DocumentId, document.Type, document.Sender, outcome);
    }

    /// <summary>One dispatcher pass: claims due unprocessed rows (<c>SKIP LOCKED</c>, the claim schedules a retry) and applies each.</summary>
    public async Task<int> ProcessDueAsync(CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        await using (var command = dataSource.CreateCommand(Claim))
        {
            command.Parameters.Add(new() { Value = options.Value.BatchSize });
            command.Parameters.Add(new() { Value = options.Value.RetryMaxDelay.TotalSeconds });
            command.Parameters.Add(new() { Value = options.Value.RetryBaseDelay.TotalSeconds });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                ids.Add(reader.GetString(0));
            }
        }

        foreach (var id in ids)
        {
            await ProcessAsync(id, cancellationToken);
        }

        return ids.Count;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Document {DocumentId} ({Type}) from {Sender} processed: {Outcome}")]
    private partial void LogProcessed(string documentId, string type, string sender, string outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Document {DocumentId} ({Type}) from {Sender} refused by its grain: {Code}")]
    private partial void LogRefused(string documentId, string type, string sender, string code);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Document {DocumentId} ({Type}) not processed yet; the dispatcher retries")]
    private partial void LogDeferred(Exception exception, string documentId, string type);
}
