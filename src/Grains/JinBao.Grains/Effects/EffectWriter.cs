using System.Text.Json;

using JinBao.Drawing;
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
        INSERT INTO jinbao_outbox (document_id, receiver, type, document, trace_parent)
        VALUES ($1, $2, $3, $4, $5)
        ON CONFLICT (document_id) DO NOTHING
        """;

    // Grain-owned columns only; the payment run owns suspended_from and backpay_from. A renewed verification that covers
    // the suspended month lifts the suspension: the next run back-pays from it. A new row is paid from its first month.
    private const string UpsertEntitlement = """
        INSERT INTO jinbao_pension_entitlements AS e (citizen_id, drawing_province, drawing_city, residence_region, bank, bank_account,
            base_monthly_fen, start_month, status, verified_until, death_month, version, backpay_from)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $8)
        ON CONFLICT (citizen_id) DO UPDATE SET
            drawing_province = EXCLUDED.drawing_province, drawing_city = EXCLUDED.drawing_city,
            residence_region = EXCLUDED.residence_region, bank = EXCLUDED.bank, bank_account = EXCLUDED.bank_account,
            base_monthly_fen = EXCLUDED.base_monthly_fen, start_month = EXCLUDED.start_month, status = EXCLUDED.status,
            verified_until = EXCLUDED.verified_until, death_month = EXCLUDED.death_month, version = EXCLUDED.version,
            updated_at = now(),
            backpay_from = CASE WHEN e.suspended_from IS NOT NULL AND EXCLUDED.verified_until >= e.suspended_from
                                THEN coalesce(e.backpay_from, e.suspended_from) ELSE e.backpay_from END,
            suspended_from = CASE WHEN e.suspended_from IS NOT NULL AND EXCLUDED.verified_until >= e.suspended_from
                                  THEN NULL ELSE e.suspended_from END
        WHERE e.version < EXCLUDED.version
        """;

    // Waits for an in-flight payment chunk of the province (it holds the shared lock), so the lines it commits are seen.
    private const string LockProvincePayments = "SELECT pg_advisory_xact_lock($1, $2)";

    private const string OpenRecoveryCase = """
        INSERT INTO jinbao_pension_recovery_cases (citizen_id, province, death_month, overpaid_months, overpayment_fen,
            funeral_grant_fen, survivor_benefit_fen, inheritable_fen, status, opened_at)
        SELECT $1, $2, $3, coalesce(array_agg(for_month ORDER BY for_month), '{}'::date[]), coalesce(sum(amount_fen), 0),
            $4, $5, $6, CASE WHEN count(*) > 0 THEN 'open' ELSE 'nothing-to-recover' END, $7
        FROM jinbao_pension_payment_lines
        WHERE citizen_id = $1 AND for_month > $3
        ON CONFLICT (citizen_id) DO NOTHING
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
                        new() { Value = (object?)System.Diagnostics.Activity.Current?.Id ?? DBNull.Value }, // the relay continues this trace
                    },
                });
            }

            AddProjections(batch, effects);
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        var sent = effects.Documents.Count > 0;
        effects.Movements.Clear();
        effects.Events.Clear();
        effects.Documents.Clear();
        effects.Projections.Clear();
        effects.Recoveries.Clear();
        if (sent)
        {
            signal.Wake(); // the relay sends now rather than at its next poll
        }
    }

    private static void AddProjections(NpgsqlBatch batch, PendingEffects effects)
    {
        foreach (var recovery in effects.Recoveries)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(LockProvincePayments)
            {
                Parameters = { new() { Value = PaymentLocks.Namespace }, new() { Value = PaymentLocks.KeyOf(recovery.Province) } },
            });
        }

        foreach (var row in effects.Projections)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(UpsertEntitlement)
            {
                Parameters =
                {
                    new() { Value = row.CitizenId },
                    new() { Value = row.DrawingProvince },
                    new() { Value = row.DrawingCity },
                    new() { Value = row.ResidenceRegion },
                    new() { Value = row.Bank },
                    new() { Value = row.BankAccount },
                    new() { Value = row.BaseMonthlyFen },
                    new() { Value = row.StartMonth },
                    new() { Value = row.Status },
                    new() { Value = row.VerifiedUntil },
                    new() { Value = (object?)row.DeathMonth ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Date },
                    new() { Value = row.Version },
                },
            });
        }

        foreach (var recovery in effects.Recoveries)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(OpenRecoveryCase)
            {
                Parameters =
                {
                    new() { Value = recovery.CitizenId },
                    new() { Value = recovery.Province },
                    new() { Value = recovery.DeathMonth },
                    new() { Value = recovery.FuneralGrantFen },
                    new() { Value = recovery.SurvivorBenefitFen },
                    new() { Value = recovery.InheritableFen },
                    new() { Value = recovery.OpenedAt },
                },
            });
        }
    }
}
