using System.Text.Json;

using JinBao.Drawing;
using JinBao.Effects;
using JinBao.Exchange;
using JinBao.Grains.Effects;
using JinBao.Grains.Exchange;
using JinBao.Primitives;

using Npgsql;

namespace JinBao.Grains.Drawing;

/// <summary>
/// The rule "one person paid a pension by two provinces for one month" (重复领取), across the exchange. National keeps
/// each province's payment rolls (<c>jinbao_national_payments</c>) and, when a roll pays a person for a month another
/// province paid too, sends a <c>paid-twice-notice</c> to both; a province writes the notice as a business event, from
/// which its supervision grain raises the alert for its supervisors.
/// </summary>
/// <remarks>
/// Re-applying a roll (a redelivery, or a retry after a failed write) inserts nothing new and sends the same notices
/// again under the same ids, which insert nothing: the finding survives a crash between the two writes.
/// </remarks>
public sealed class PaidTwiceHandler(NpgsqlDataSource dataSource, EffectWriter writer, JinBaoCluster cluster, TimeProvider clock) : IExchangeDocumentHandler
{
    // The roll's lines are stored, and those another province also paid are found, in one statement; the insert's own
    // rows are invisible to its SELECT, which looks for other provinces only.
    private const string StoreAndCompare = """
        WITH roll AS (SELECT * FROM unnest($1::text[], $2::date[]) AS r(citizen_id, for_month)),
        stored AS (
            INSERT INTO jinbao_national_payments (citizen_id, for_month, province)
            SELECT citizen_id, for_month, $3 FROM roll
            ON CONFLICT DO NOTHING)
        SELECT p.citizen_id, p.for_month, p.province
        FROM jinbao_national_payments p JOIN roll r USING (citizen_id, for_month)
        WHERE p.province <> $3
        ORDER BY p.citizen_id, p.for_month, p.province
        """;

    public IReadOnlySet<string> AppliesTo { get; } = new HashSet<string>(StringComparer.Ordinal) { DocumentTypes.PaymentRoll, DocumentTypes.PaidTwiceNotice };

    public Task<string> ApplyAsync(ExchangeDocument document) => document.Type == DocumentTypes.PaymentRoll
        ? CompareAsync(document)
        : RecordAsync(document);

    private async Task<string> CompareAsync(ExchangeDocument document)
    {
        var roll = ExchangeJson.Read<PaymentRollPayload>(document);
        if (!cluster.IsNational || document.Sender != JinBaoCluster.IdOf(roll.Province))
        {
            return $"ignored: only national compares payment rolls, each sent by its own province ({document.Sender} sent {roll.Province.Value}'s)";
        }

        roll.Validate();
        var lines = roll.Payees.SelectMany(p => p.Months.Distinct().Select(m => (p.CitizenId, Month: m))).ToList();
        var alsoPaid = new List<(string CitizenId, YearMonth Month, RegionCode Province)>();
        await using (var connection = await dataSource.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            // Rolls are compared one at a time: the statement's snapshot, taken after the lock, sees every roll before it.
            await using (var serialise = new NpgsqlCommand("SELECT pg_advisory_xact_lock($1, $2)", connection, transaction)
            {
                Parameters = { new() { Value = PaymentLocks.Namespace }, new() { Value = PaymentLocks.NationalRolls } },
            })
            {
                await serialise.ExecuteNonQueryAsync();
            }

            await using var command = new NpgsqlCommand(StoreAndCompare, connection, transaction);
            command.Parameters.Add(new() { Value = lines.Select(l => l.CitizenId).ToArray() });
            command.Parameters.Add(new() { Value = lines.Select(l => l.Month.FirstDay).ToArray() });
            command.Parameters.Add(new() { Value = roll.Province.Value });
            await using (var reader = await command.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    alsoPaid.Add((reader.GetString(0), YearMonth.Of(reader.GetFieldValue<DateOnly>(1)), RegionCode.Parse(reader.GetString(2))));
                }
            }

            await transaction.CommitAsync();
        }

        var effects = new PendingEffects();
        var now = clock.GetUtcNow();
        foreach (var finding in alsoPaid.GroupBy(p => (p.CitizenId, p.Month)))
        {
            RegionCode[] provinces = [.. finding.Select(f => f.Province).Append(roll.Province).Distinct().OrderBy(p => p.Value, StringComparer.Ordinal)];
            foreach (var province in provinces)
            {
                var receiver = JinBaoCluster.IdOf(province);
                effects.Add(ExchangeJson.Create(DocumentIds.ForPaidTwice(finding.Key.CitizenId, finding.Key.Month, receiver), DocumentTypes.PaidTwiceNotice,
                    receiver, "", null, new PaidTwicePayload(finding.Key.CitizenId, finding.Key.Month, provinces), now));
            }
        }

        await writer.DeliverAsync(effects);
        return $"applied: {roll.Payees.Count} payees of {roll.Province.Value} for {roll.RunMonth}; {alsoPaid.Select(p => (p.CitizenId, p.Month)).Distinct().Count()} month(s) paid by another province too";
    }

    private async Task<string> RecordAsync(ExchangeDocument document)
    {
        if (cluster.Province is not { } province || document.Sender != JinBaoCluster.NationalId)
        {
            return $"ignored: a paid-twice notice is national's, to a province ({document.Sender} → {cluster})";
        }

        var notice = ExchangeJson.Read<PaidTwicePayload>(document);
        if (notice.CitizenId is not { Length: 18 } || !notice.Provinces.Contains(province))
        {
            return $"ignored: the notice does not concern {province.Value}";
        }

        // The person's stream: the alert's subject is the masked id; the payload names the provinces, not the person.
        var subject = CitizenId.Mask(notice.CitizenId);
        var stream = $"person:{notice.CitizenId}";
        await writer.DeliverAsync(new PendingEffects
        {
            Events =
            [
                new AuditEvent($"{stream}:paid-twice:{notice.Month}", stream, "paid-twice-reported", "national", null,
                    JsonSerializer.Serialize(new
                    {
                        month = notice.Month.ToString(),
                        place = province.Value,
                        provinces = string.Join(",", notice.Provinces.Select(p => p.Value)),
                        subject,
                    }),
                    clock.GetUtcNow()),
            ],
        });
        return $"applied: {subject} paid for {notice.Month} by {string.Join(" and ", notice.Provinces.Select(p => p.Value))}";
    }
}
