using System.Text.Json;

using JinBao.Effects;
using JinBao.Ledger;
using JinBao.Primitives;

using Npgsql;

using NpgsqlTypes;

namespace JinBao.Bench.Baseline;

/// <summary>
/// The ledger legs and audit events a rule queued, as two set-based INSERTs (arrays unnested) for the baseline's own
/// transaction: what a careful conventional service would send, one round trip with the state update.
/// </summary>
public static class EffectRows
{
    private const string Legs = """
        INSERT INTO jinbao_ledger_entries (movement_id, leg, account, amount_fen, kind, person_id)
        SELECT * FROM unnest($1::text[], $2::smallint[], $3::text[], $4::bigint[], $5::text[], $6::text[])
        """;

    private const string Events = """
        INSERT INTO jinbao_events (event_id, stream, type, actor, request_id, payload, occurred_at)
        SELECT e, s, t, a, r, p::jsonb, o FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[]) AS x(e, s, t, a, r, p, o)
        """;

    private const string Settlement = """
        INSERT INTO jinbao_medical_settlements (citizen_id, settlement_id, admitted_on, status, record)
        VALUES ($1, $2, $3, $4, $5)
        ON CONFLICT (citizen_id, settlement_id) DO UPDATE SET status = EXCLUDED.status, record = EXCLUDED.record
        """;

    /// <summary>Commands inserting every pending movement leg, event and settlement row; then <paramref name="effects"/> is emptied.</summary>
    public static IEnumerable<NpgsqlBatchCommand> Take(PendingEffects effects)
    {
        var legs = effects.Movements.SelectMany(m => m.Legs.Select((leg, index) => (m, leg, index: (short)index))).ToList();
        var events = effects.Events.ToList();
        var settlements = effects.MedicalSettlements.ToList();
        effects.Movements.Clear();
        effects.Events.Clear();
        effects.MedicalSettlements.Clear();
        effects.Documents.Clear(); // the baseline calls the other province directly instead of sending documents
        if (legs.Count > 0)
        {
            yield return Command(Legs,
                legs.Select(l => l.m.MovementId.Value).ToArray(),
                legs.Select(l => l.index).ToArray(),
                legs.Select(l => l.leg.Account).ToArray(),
                legs.Select(l => l.leg.Amount.Fen).ToArray(),
                legs.Select(l => l.m.Kind).ToArray(),
                legs.Select(l => l.m.PersonId).ToArray());
        }

        if (events.Count > 0)
        {
            yield return Command(Events,
                events.Select(e => e.EventId).ToArray(),
                events.Select(e => e.Stream).ToArray(),
                events.Select(e => e.Type).ToArray(),
                events.Select(e => e.Actor).ToArray(),
                events.Select(e => e.RequestId).ToArray(),
                events.Select(e => e.PayloadJson).ToArray(),
                events.Select(e => e.OccurredAt).ToArray());
        }

        foreach (var row in settlements)
        {
            yield return Command(Settlement, row.CitizenId, row.SettlementId.Value, row.AdmittedOn, row.Status, new JsonText(row.RecordJson));
        }
    }

    /// <summary>A command with positional parameters.</summary>
    public static NpgsqlBatchCommand Command(string sql, params object?[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(value is JsonText json
                ? new NpgsqlParameter { Value = json.Text, NpgsqlDbType = NpgsqlDbType.Jsonb }
                : new NpgsqlParameter { Value = value ?? DBNull.Value });
        }

        return command;
    }
}

/// <summary>A value to bind as jsonb.</summary>
public sealed record JsonText(string Text)
{
    public static JsonText Of<T>(T value) => new(JsonSerializer.Serialize(value, BaselineJson.Options));
}
