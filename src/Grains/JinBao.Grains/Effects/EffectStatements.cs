using System.Text.Json;

using JinBao.Drawing;
using JinBao.Effects;
using JinBao.Exchange;
using JinBao.Grains.Agencies;
using JinBao.Grains.Exchange;
using JinBao.Grains.Storage;
using JinBao.Ledger;
using JinBao.Primitives;

using Microsoft.Extensions.Options;

namespace JinBao.Grains.Effects;

/// <summary>
/// The SQL that writes a grain's pending effects: ledger legs, audit events, signed documents for
/// <c>jinbao_outbox</c> (from where <see cref="OutboxRelay"/> sends them), projection rows. Every statement is
/// idempotent (keyed by the effect's own id), so a replay inserts nothing. The grain storage runs them in the state
/// write's transaction; <see cref="EffectWriter"/> runs them alone for grains without state.
/// </summary>
public sealed class EffectStatements(ExchangeKeyRing keys, OutboxHandoff handoff, IOptions<ExchangeOptions> exchange)
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

    // Leased from the start ($6 seconds): this silo's relay sends it once committed (OutboxHandoff), no claim needed.
    private const string InsertDocument = """
        INSERT INTO jinbao_outbox (document_id, receiver, type, document, trace_parent, next_attempt_at)
        VALUES ($1, $2, $3, $4, $5, now() + make_interval(secs => $6))
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

    private const string UpsertMedicalSettlement = """
        INSERT INTO jinbao_medical_settlements (citizen_id, settlement_id, admitted_on, status, record)
        VALUES ($1, $2, $3, $4, $5::jsonb)
        ON CONFLICT (citizen_id, settlement_id) DO UPDATE SET status = EXCLUDED.status, record = EXCLUDED.record
        """;

    private const string UpsertAgencyCase = """
        INSERT INTO jinbao_agency_cases AS c (city, transfer_id, masked_citizen_id, side, status, awaiting_this_city, due_on, escalated, open)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
        ON CONFLICT (city, transfer_id) DO UPDATE SET status = EXCLUDED.status, awaiting_this_city = EXCLUDED.awaiting_this_city,
            due_on = EXCLUDED.due_on, escalated = EXCLUDED.escalated, open = EXCLUDED.open, updated_at = now()
        """;

    // The city's row keeps the first enrolment's date; a name (never null here: then nothing is renamed) goes to every
    // row of the person, the other cities' in the same statement (a data-modifying CTE sees the same snapshot).
    private const string UpsertPersonDirectory = """
        WITH renamed AS (
            UPDATE jinbao_person_directory SET name = $3, updated_at = now()
            WHERE citizen_id = $2 AND city <> $1 AND $3 IS NOT NULL AND name IS DISTINCT FROM $3
        )
        INSERT INTO jinbao_person_directory AS d (city, citizen_id, name, enrolled_on)
        VALUES ($1, $2, $3, $4)
        ON CONFLICT (city, citizen_id) DO UPDATE SET name = coalesce(EXCLUDED.name, d.name), updated_at = now()
        """;

    private const string InsertAlert = """
        INSERT INTO jinbao_alerts (alert_id, rule, place, subject, detail, raised_at, facts)
        VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)
        ON CONFLICT (alert_id) DO NOTHING
        """;

    private const string ChangeAlert = """
        UPDATE jinbao_alerts SET status = $2,
            acknowledged_by = CASE WHEN $2 = 'acknowledged' THEN $3 ELSE acknowledged_by END,
            acknowledged_at = CASE WHEN $2 = 'acknowledged' THEN $4 ELSE acknowledged_at END,
            resolved_by = CASE WHEN $2 = 'resolved' THEN $3 ELSE resolved_by END,
            resolved_at = CASE WHEN $2 = 'resolved' THEN $4 ELSE resolved_at END,
            resolution_note = coalesce($5, resolution_note)
        WHERE alert_id = $1 AND status <> 'resolved'
        """;

    // Waits for an in-flight payment chunk of the province (it holds the shared lock), so the lines it commits are seen.
    private const string LockProvincePayments = "SELECT pg_advisory_xact_lock($1, $2)";

    // A month paid after the death month is the supervision rule "paid after death" (冒领): the case and the business
    // event that raises its alert are written together, at the notification.
    private const string OpenRecoveryCase = """
        WITH opened AS (
            INSERT INTO jinbao_pension_recovery_cases (citizen_id, province, death_month, overpaid_months, overpayment_fen,
                funeral_grant_fen, survivor_benefit_fen, inheritable_fen, status, opened_at)
            SELECT $1, $2, $3, coalesce(array_agg(for_month ORDER BY for_month), '{}'::date[]), coalesce(sum(amount_fen), 0),
                $4, $5, $6, CASE WHEN count(*) > 0 THEN 'open' ELSE 'nothing-to-recover' END, $7
            FROM jinbao_pension_payment_lines
            WHERE citizen_id = $1 AND for_month > $3
            ON CONFLICT (citizen_id) DO NOTHING
            RETURNING citizen_id, province, death_month, overpaid_months, overpayment_fen, opened_at
        )
        INSERT INTO jinbao_events (event_id, stream, type, actor, payload, occurred_at)
        SELECT 'person:' || citizen_id || ':paid-after-death', 'person:' || citizen_id, 'paid-after-death', 'system',
            jsonb_build_object('place', province, 'deathMonth', to_char(death_month, 'YYYY-MM'),
                'months', cardinality(overpaid_months), 'amountFen', overpayment_fen),
            opened_at
        FROM opened WHERE cardinality(overpaid_months) > 0
        ON CONFLICT (event_id) DO NOTHING
        """;

    /// <summary>The statements that write <paramref name="effects"/>, and the signed documents among them for the relay.</summary>
    public EffectBatch For(PendingEffects effects)
    {
        var documents = effects.Documents.Select(document =>
        {
            var signed = keys.Sign(document);
            return new OutboxDocument(signed.DocumentId.Value, signed.Receiver, signed.Type, JsonSerializer.Serialize(signed, ExchangeJson.Wire), Attempts: 1,
                System.Diagnostics.Activity.Current?.Id); // the relay continues this trace
        }).ToList();
        return new EffectBatch([.. Statements(effects, documents)], documents);
    }

    /// <summary>After the commit of <paramref name="batch"/>: its documents go to this silo's relay now.</summary>
    public void Committed(EffectBatch batch)
    {
        foreach (var document in batch.Documents)
        {
            handoff.Committed(document);
        }
    }

    private IEnumerable<Statement> Statements(PendingEffects effects, IReadOnlyList<OutboxDocument> documents)
    {
        foreach (var movement in effects.Movements)
        {
            for (var leg = 0; leg < movement.Legs.Count; leg++)
            {
                yield return new Statement(InsertLeg, movement.MovementId.Value, (short)leg, movement.Legs[leg].Account, movement.Legs[leg].Amount.Fen,
                    movement.Kind, StatementValue.Text(movement.PersonId));
            }
        }

        foreach (var auditEvent in effects.Events)
        {
            yield return new Statement(InsertEvent, auditEvent.EventId, auditEvent.Stream, auditEvent.Type, auditEvent.Actor,
                StatementValue.Text(auditEvent.RequestId), auditEvent.PayloadJson, auditEvent.OccurredAt);
        }

        foreach (var document in documents)
        {
            yield return new Statement(InsertDocument, document.DocumentId, document.Receiver, document.Type, document.Document,
                StatementValue.Text(document.TraceParent), exchange.Value.SendLimit.TotalSeconds);
        }

        foreach (var settlement in effects.MedicalSettlements)
        {
            yield return new Statement(UpsertMedicalSettlement, settlement.CitizenId, settlement.SettlementId.Value, settlement.AdmittedOn, settlement.Status, settlement.RecordJson);
        }

        foreach (var row in effects.AgencyCases)
        {
            yield return new Statement(UpsertAgencyCase, row.City, new StatementValue(row.TransferId), row.MaskedCitizenId, row.Side, row.Status,
                new StatementValue(row.AwaitingThisCity), StatementValue.Date(row.DueOn), new StatementValue(row.Escalated), new StatementValue(row.Open));
        }

        foreach (var row in effects.Directory)
        {
            yield return new Statement(UpsertPersonDirectory, row.City, row.CitizenId, StatementValue.Text(row.Name), row.EnrolledOn);
        }

        foreach (var recovery in effects.Recoveries)
        {
            yield return new Statement(LockProvincePayments, PaymentLocks.Namespace, PaymentLocks.KeyOf(recovery.Province));
        }

        foreach (var row in effects.Projections)
        {
            yield return new Statement(UpsertEntitlement, row.CitizenId, row.DrawingProvince, row.DrawingCity, row.ResidenceRegion, row.Bank,
                row.BankAccount, row.BaseMonthlyFen, row.StartMonth, row.Status, row.VerifiedUntil, StatementValue.Date(row.DeathMonth), row.Version);
        }

        foreach (var alert in effects.Alerts)
        {
            yield return new Statement(InsertAlert, alert.AlertId, alert.Rule, alert.Place, alert.Subject, alert.Detail, alert.RaisedAt, alert.FactsJson);
        }

        foreach (var change in effects.AlertChanges)
        {
            yield return new Statement(ChangeAlert, change.AlertId, change.Status, change.By, change.At, StatementValue.Text(change.Note));
        }

        foreach (var recovery in effects.Recoveries)
        {
            yield return new Statement(OpenRecoveryCase, recovery.CitizenId, recovery.Province, recovery.DeathMonth, recovery.FuneralGrantFen,
                recovery.SurvivorBenefitFen, recovery.InheritableFen, recovery.OpenedAt);
        }
    }
}

/// <summary>A grain's effects as statements for one transaction, and the signed documents they put in the outbox.</summary>
public sealed record EffectBatch(IReadOnlyList<Statement> Statements, IReadOnlyList<OutboxDocument> Documents);
