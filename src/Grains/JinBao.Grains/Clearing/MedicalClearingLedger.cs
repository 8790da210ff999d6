using JinBao.Clearing;
using JinBao.Ledger;
using JinBao.Medical;
using JinBao.Primitives;

using Npgsql;

namespace JinBao.Grains.Clearing;

/// <summary>Reads the national ledger for medical clearing: positions and the monthly statements (migration 0006).</summary>
public sealed class MedicalClearingLedger(NpgsqlDataSource database)
{
    /// <summary>A period is a month in China (<see cref="ChinaTime"/>).</summary>
    public static YearMonth PeriodOf(DateTimeOffset at) => ChinaTime.MonthOf(at);

    /// <summary>Sums the pair's advance account: read once per activation and year, then kept by the clearing grain.</summary>
    public async Task<MedicalPairPosition> PositionAsync(string insuring, string care, int year)
    {
        await using var command = database.CreateCommand("""
            SELECT coalesce(sum(amount_fen), 0)::bigint,
                   coalesce(sum(amount_fen) FILTER (WHERE kind IN ($5, $6)), 0)::bigint,
                   count(*) FILTER (WHERE kind = $6),
                   coalesce(-sum(amount_fen) FILTER (WHERE kind IN ($7, $8) AND posted_at >= $3 AND posted_at < $4), 0)::bigint,
                   count(*) FILTER (WHERE posted_at >= $4)
            FROM jinbao_ledger_entries
            WHERE account = $1 AND kind = ANY($2)
            """);
        command.Parameters.AddWithValue(LedgerAccounts.MedicalPrepaid(insuring, care));
        command.Parameters.AddWithValue(new[]
        {
            MovementKinds.MedicalAdvance, MovementKinds.MedicalTopUp, MovementKinds.MedicalSettlement, MovementKinds.MedicalReversal, MovementKinds.MedicalClearing,
        });
        command.Parameters.AddWithValue(ChinaTime.StartOf(new DateOnly(year - 1, 1, 1)).UtcDateTime);
        command.Parameters.AddWithValue(ChinaTime.StartOf(new DateOnly(year, 1, 1)).UtcDateTime);
        command.Parameters.AddWithValue(MovementKinds.MedicalAdvance);
        command.Parameters.AddWithValue(MovementKinds.MedicalTopUp);
        command.Parameters.AddWithValue(MovementKinds.MedicalSettlement);
        command.Parameters.AddWithValue(MovementKinds.MedicalReversal);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return new MedicalPairPosition(new Money(reader.GetInt64(0)), new Money(reader.GetInt64(1)), reader.GetInt64(2),
            new Money(reader.GetInt64(3)), reader.GetInt64(4), year);
    }

    /// <summary>Which settlement and reversal movements of these settlements are on the ledger already: one key lookup for a batch.</summary>
    public async Task<IReadOnlySet<MovementId>> PostedAsync(IReadOnlyCollection<SettlementId> settlementIds)
    {
        await using var command = database.CreateCommand("SELECT movement_id FROM jinbao_ledger_entries WHERE movement_id = ANY($1) AND leg = 0");
        command.Parameters.AddWithValue(settlementIds.SelectMany(id => new[] { MovementId.MedicalPaid(id).Value, MovementId.MedicalPaidReversed(id).Value }).ToArray());
        await using var reader = await command.ExecuteReaderAsync();
        var posted = new HashSet<MovementId>();
        while (await reader.ReadAsync())
        {
            posted.Add(MovementId.Of(reader.GetString(0)));
        }

        return posted;
    }

    /// <summary>The month's statements where <paramref name="province"/> pays or is paid (all when null), with each pair's prepayment now.</summary>
    public async Task<IReadOnlyList<ClearingStatementView>> StatementsAsync(YearMonth period, string? province, string? care = null)
    {
        await using var command = database.CreateCommand("""
            SELECT s.insuring_province, s.care_province, s.settlements, s.reversals, s.settled_fen, s.reversed_fen, s.net_fen,
                   s.confirmed, coalesce(p.advanced_fen, 0), coalesce(p.balance_fen, 0)
            FROM jinbao_medical_clearing_statements s
            LEFT JOIN jinbao_medical_prepayments p ON p.insuring_province = s.insuring_province AND p.care_province = s.care_province
            WHERE s.period = $1 AND ($2::text IS NULL OR $2 IN (s.insuring_province, s.care_province))
              AND ($3::text IS NULL OR s.care_province = $3)
            ORDER BY s.insuring_province, s.care_province
            """);
        command.Parameters.AddWithValue(period.ToString());
        command.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.Text, (object?)province ?? DBNull.Value);
        command.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.Text, (object?)care ?? DBNull.Value);
        var statements = new List<ClearingStatementView>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            statements.Add(new ClearingStatementView(period, RegionCode.Parse(reader.GetString(0)), RegionCode.Parse(reader.GetString(1)),
                checked((int)reader.GetInt64(2)), checked((int)reader.GetInt64(3)), new Money(reader.GetInt64(4)), new Money(reader.GetInt64(5)),
                new Money(reader.GetInt64(6)), reader.GetBoolean(7), new Money(reader.GetInt64(8)), new Money(reader.GetInt64(9))));
        }

        return statements;
    }
}
