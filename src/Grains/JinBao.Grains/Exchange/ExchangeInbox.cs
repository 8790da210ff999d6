using System.Diagnostics;
using System.Text.Json;

using JinBao.Errors;
using JinBao.Exchange;
using JinBao.Grains.Storage;
using JinBao.Grains.Telemetry;

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

using Npgsql;

namespace JinBao.Grains.Exchange;

/// <summary>
/// The receiving side: <c>jinbao_inbox</c>. A verified document is stored (keyed by id: a replay inserts nothing)
/// before the sender hears 202. At the national exchange a document for a province is queued in the outbox in the
/// same transaction (forwarded). A document for this cluster goes to its grain first, which applies it (or dedupes it)
/// in its own write, and is then stored as processed; when the grain cannot apply it now, it is stored unprocessed
/// and the dispatcher loop applies it later. A row is marked processed only after the grain applied (or deduped) it.
/// </summary>
public sealed partial class ExchangeInbox(
    NpgsqlDataSource dataSource,
    GroupCommit commits,
    DocumentDispatcher dispatcher,
    OutboxHandoff handoff,
    IOptions<ExchangeOptions> options,
    TimeProvider clock,
    ILogger<ExchangeInbox> logger)
{
    private const string InsertForwarded = """
        INSERT INTO jinbao_inbox (document_id, sender, receiver, type, document, processed_at, outcome, trace_parent)
        VALUES ($1, $2, $3, $4, $5, now(), 'forwarded', $6)
        ON CONFLICT (document_id) DO NOTHING
        """;

    // A forward national applies as well: stored unprocessed, so the dispatcher applies it ($7 seconds on) if this
    // silo dies before it has.
    private const string InsertForwardedToApply = """
        INSERT INTO jinbao_inbox (document_id, sender, receiver, type, document, trace_parent, next_attempt_at)
        VALUES ($1, $2, $3, $4, $5, $6, now() + make_interval(secs => $7))
        ON CONFLICT (document_id) DO NOTHING
        """;

    // Leased from the start ($6 seconds): this silo's relay forwards it once committed (OutboxHandoff), no claim needed.
    private const string Forward = """
        INSERT INTO jinbao_outbox (document_id, receiver, type, document, trace_parent, next_attempt_at)
        VALUES ($1, $2, $3, $4, $5, now() + make_interval(secs => $6))
        ON CONFLICT (document_id) DO NOTHING
        """;

    // A document for this cluster after its grain's answer: processed with the outcome ($8), or, with none, waiting for
    // the dispatcher ($7 seconds) with the error ($9). received_at is when the request arrived, before the grain worked.
    private const string InsertReceived = """
        INSERT INTO jinbao_inbox (document_id, sender, receiver, type, document, received_at, next_attempt_at, processed_at, outcome, last_error, trace_parent)
        VALUES ($1, $2, $3, $4, $5, $6, now() + make_interval(secs => $7), CASE WHEN $8::text IS NOT NULL THEN now() END, $8, $9, $10)
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
    /// National: stores a verified document for a province with its forward in the outbox, in one group-committed write,
    /// then hands the forward to this silo's relay. A type national also applies (the certificate's funds, the
    /// acknowledgement's custody) is stored unprocessed and applied once the forward is on its way, like a document
    /// addressed to national. True when it is new (false: a replay, which changes nothing).
    /// </summary>
    public async Task<bool> ForwardAsync(ExchangeDocument document, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.Serialize(document, ExchangeJson.Wire);
        var traceParent = Activity.Current?.Id; // the receiving request's span: forwarding continues it
        var apply = dispatcher.AppliesWhenForwarding(document.Type);
        cancellationToken.ThrowIfCancellationRequested();
        var affected = await commits.CommitAsync(
        [
            apply
                ? new(InsertForwardedToApply, document.DocumentId.Value, document.Sender, document.Receiver, document.Type, json, StatementValue.Text(traceParent),
                    options.Value.RetryBaseDelay.TotalSeconds)
                : new(InsertForwarded, document.DocumentId.Value, document.Sender, document.Receiver, document.Type, json, StatementValue.Text(traceParent)),
            // A replay inserts nothing here either (same document id), so both statements can go unconditionally.
            new(Forward, document.DocumentId.Value, document.Receiver, document.Type, json, StatementValue.Text(traceParent), options.Value.SendLimit.TotalSeconds),
        ]);
        var inserted = affected[0] == 1;
        if (inserted)
        {
            handoff.Committed(new OutboxDocument(document.DocumentId.Value, document.Receiver, document.Type, json, Attempts: 1, traceParent));
            if (apply)
            {
                await ApplyStoredAsync(document, cancellationToken);
            }
        }

        return inserted;
    }

    /// <summary>
    /// A verified document for this cluster: applied by its grain now, then stored with the outcome (one write beside the
    /// grain's own). True when it is new (false: a replay, which changes nothing; one not yet processed is tried again).
    /// A grain that cannot apply it now leaves it stored for the dispatcher: stored is what the sender needs to hear.
    /// </summary>
    public async Task<bool> ReceiveAsync(ExchangeDocument document, CancellationToken cancellationToken)
    {
        var received = clock.GetUtcNow();
        bool? processed = null;
        await using (var select = dataSource.CreateCommand("SELECT processed_at IS NOT NULL FROM jinbao_inbox WHERE document_id = $1"))
        {
            select.Parameters.Add(new() { Value = document.DocumentId.Value });
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                processed = reader.GetBoolean(0);
            }
        }

        if (processed is not null)
        {
            if (processed == false)
            {
                await ProcessAsync(document.DocumentId.Value, cancellationToken);
            }

            return false;
        }

        var (outcome, error) = await ApplyAsync(document, cancellationToken);
        var affected = await commits.CommitAsync(
        [
            new(InsertReceived, document.DocumentId.Value, document.Sender, document.Receiver, document.Type, JsonSerializer.Serialize(document, ExchangeJson.Wire),
                received, options.Value.RetryBaseDelay.TotalSeconds, StatementValue.Text(outcome), StatementValue.Text(error), StatementValue.Text(Activity.Current?.Id)),
        ]);
        if (outcome is not null)
        {
            LogProcessed(document.DocumentId, document.Type, document.Sender, outcome);
        }

        return affected[0] == 1;
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

        // Applied later by the dispatcher loop (or again by a replayed request): either way within the sender's trace.
        using var activity = Activity.Current is null ? JinBaoTelemetry.StartLinked($"exchange apply {document.Type}", ActivityKind.Consumer, traceParent) : null;
        activity?.SetTag("jinbao.document.type", document.Type);
        await ApplyStoredAsync(document, cancellationToken);
    }

    /// <summary>Applies a stored, unprocessed document and marks it processed, or records why not yet (retried).</summary>
    private async Task ApplyStoredAsync(ExchangeDocument document, CancellationToken cancellationToken)
    {
        var (outcome, error) = await ApplyAsync(document, cancellationToken);
        if (outcome is null)
        {
            await commits.CommitAsync([new Statement(Deferred, document.DocumentId.Value, error!, options.Value.RetryBaseDelay.TotalSeconds)]);
            return;
        }

        // A forward keeps saying so: the outcome is what national did besides carrying it.
        var recorded = dispatcher.IsForwarded(document) ? $"forwarded; {outcome}" : outcome;
        await commits.CommitAsync([new Statement(Processed, document.DocumentId.Value, recorded)]);
        LogProcessed(document.DocumentId, document.Type, document.Sender, recorded);
    }

    /// <summary>
    /// Hands a document to its grain: the outcome to record (applied, duplicate, or refused by a rule, which it always will
    /// be), or no outcome and the error when it cannot be applied now (retried).
    /// </summary>
    private async Task<(string? Outcome, string? Error)> ApplyAsync(ExchangeDocument document, CancellationToken cancellationToken)
    {
        try
        {
            return (await dispatcher.DispatchAsync(document), null);
        }
        catch (JinBaoException exception) when (exception.Kind != ErrorKind.Unavailable)
        {
            // A rule refuses it and always will: recorded (and logged) rather than retried forever. An unavailable
            // answer (the grain's database did not answer) is no refusal: recorded as processed, the document would
            // never be applied; it falls to the retry below.
            LogRefused(document.DocumentId, document.Type, document.Sender, exception.Code);
            return ($"refused: {exception.Code}: {exception.Message}", null);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogDeferred(exception, document.DocumentId, document.Type);
            return (null, exception.Message);
        }
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
    private partial void LogProcessed(DocumentId documentId, string type, string sender, string outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Document {DocumentId} ({Type}) from {Sender} refused by its grain: {Code}")]
    private partial void LogRefused(DocumentId documentId, string type, string sender, string code);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Document {DocumentId} ({Type}) not processed yet; the dispatcher retries")]
    private partial void LogDeferred(Exception exception, DocumentId documentId, string type);
}
