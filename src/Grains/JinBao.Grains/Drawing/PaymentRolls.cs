using JinBao.Drawing;
using JinBao.Effects;
using JinBao.Exchange;
using JinBao.Grains.Effects;
using JinBao.Primitives;

using Npgsql;

namespace JinBao.Grains.Drawing;

/// <summary>
/// A province's completed payment run, told to national as signed <c>payment-roll</c> documents (who was paid for which
/// months), written into the outbox by the run's completing transaction: a run is never complete without its roll on its
/// way, and never sends it twice (each part's id derives from the province, the month and the part). Only a province of
/// the exchange sends one.
/// </summary>
public sealed class PaymentRolls(EffectStatements statements, JinBaoCluster cluster, TimeProvider clock)
{
    private const string Payees = """
        SELECT citizen_id, array_agg(for_month ORDER BY for_month) FROM jinbao_pension_payment_lines
        WHERE province = $1 AND run_month = $2
        GROUP BY citizen_id ORDER BY citizen_id
        """;

    /// <summary>Writes the roll of the run into the outbox, in <paramref name="transaction"/>; null when this cluster sends none.</summary>
    /// <returns>The written documents, for <see cref="Committed"/> once the transaction commits.</returns>
    public async Task<EffectBatch?> WriteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, RegionCode province, YearMonth month, CancellationToken cancellationToken)
    {
        if (!cluster.IsProvince)
        {
            return null;
        }

        var payees = new List<PaidPerson>();
        await using (var read = new NpgsqlCommand(Payees, connection, transaction) { Parameters = { new() { Value = province.Value }, new() { Value = month.FirstDay } } })
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                payees.Add(new PaidPerson(reader.GetString(0), [.. reader.GetFieldValue<DateOnly[]>(1).Select(YearMonth.Of)]));
            }
        }

        var effects = new PendingEffects();
        var now = clock.GetUtcNow();
        foreach (var (part, index) in PaymentRollPayload.Parts(payees).Select((part, index) => (part, index)))
        {
            effects.Add(ExchangeJson.Create(DocumentIds.ForPaymentRoll(province, month, index), DocumentTypes.PaymentRoll, JinBaoCluster.NationalId, "", null,
                new PaymentRollPayload(province, month, index, part), now));
        }

        var batch = statements.For(effects);
        foreach (var statement in batch.Statements)
        {
            await using var write = statement.ToCommand(connection);
            write.Transaction = transaction;
            await write.ExecuteNonQueryAsync(cancellationToken);
        }

        return batch;
    }

    /// <summary>After the commit: the documents go to this silo's relay now (the relay's poll would find them anyway).</summary>
    public void Committed(EffectBatch? batch)
    {
        if (batch is not null)
        {
            statements.Committed(batch);
        }
    }
}
