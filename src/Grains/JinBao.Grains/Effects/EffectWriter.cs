using System.Text.Json;

using JinBao.Exchange;

using Npgsql;

using NpgsqlTypes;

namespace JinBao.Effects;

/// <summary>
/// Delivers a grain's pending effects to PostgreSQL in one transaction; replays insert nothing. Documents are signed
/// here and land in <c>jinbao_outbox</c>, from where <see cref="OutboxRelay"/> sends them.
/// </summary>
public sealed class EffectWriter(NpgsqlDataSource dataSource, ExchangeKeyRing keys, ExchangeSignal signal)
{
    private const string InsertLeg = """
        INSERT INTO jinbao_ledger_entries (movement_id, leg, account, amount_fen, kind, person_id)
        VALUES ($1, $2, $3, $4, $5, $6)
        ON CONFLICT (movement_id, leg) DO NOTHING
        """;

    private const string InsertEvent = """
        INSERT INTO jinbao_events (event_id, stream, type, actor, request_id, payload, occurred_at)
        VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7)
        ON CONFLICT (event_id) DO NOTHING
        """;

    private const string InsertDocument = """
        INSERT INTO jinbao_outbox (document_id, receiver, type, document)
        VALUES ($1, $2, $3, $4)
        ON CONFLICT (document_id) DO NOTHING
        """;

    /// <summary>Writes every pending movement and event, then empties <paramref name="effects"/> (in memory only: the
    /// caller's next state write persists the emptied outbox).</summary>
    public async Task DeliverAsync(PendingEffects effects, CancellationToken cancellationToken = default)
    {
        if (effects.IsEmpty)
        {
            return;
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var batch = new NpgsqlBatch(connection, transaction);
        await using (batch)
        {
            foreach (var movement in effects.Movements)
            {
                for (var leg = 0; leg < movement.Legs.Count; leg++)
                {
                    batch.BatchCommands.Add(new NpgsqlBatchCommand(InsertLeg)
                    {
                        Parameters =
                        {
                            new() { Value = movement.MovementId },
                            new() { Value = (short)leg },
                            new() { Value = movement.Legs[leg].Account },
                            new() { Value = movement.Legs[leg].Amount.Fen },
                            new() { Value = movement.Kind },
                            new() { Value = (object?)movement.PersonId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text },
                        },
                    });
                }
            }

            foreach (var auditEvent in effects.Events)
            {
                batch.BatchCommands.Add(new NpgsqlBatchCommand(InsertEvent)
                {
                    Parameters =
                    {
                        new() { Value = auditEvent.EventId },
                        new() { Value = auditEvent.Stream },
                        new() { Value = auditEvent.Type },
                        new() { Value = auditEvent.Actor },
                        new() { Value = (object?)auditEvent.RequestId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text },
                        new() { Value = auditEvent.PayloadJson },
                        new() { Value = auditEvent.OccurredAt },
                    },
                });
            }

            foreach (var document in effects.Documents)
            {
                var signed = keys.Sign(document);
                batch.BatchCommands.Add(new NpgsqlBatchCommand(InsertDocument)
                {
                    Parameters =
                    {
                        new() { Value = signed.DocumentId },
                        new() { Value = signed.Receiver },
                        new() { Value = signed.Type },
                        new() { Value = JsonSerializer.Serialize(signed, ExchangeJson.Wire) },
                    },
                });
            }

            await batch.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        var sent = effects.Documents.Count > 0;
        effects.Movements.Clear();
        effects.Events.Clear();
        effects.Documents.Clear();
        if (sent)
        {
            signal.Wake(); // the relay sends now rather than at its next poll
        }
    }
}
