using JinBao.Drawing;
using JinBao.Primitives;

using Npgsql;

namespace JinBao.Grains.Drawing;

/// <summary>
/// Bulk-inserts synthetic retirees straight into the payee projection (no grains, one generate_series INSERT), for
/// benchmarks and load tests of the payment run. Never for production data.
/// </summary>
public static class RetireeSeeder
{
    /// <summary>The banks seeded payees are spread over, round robin.</summary>
    public static IReadOnlyList<string> Banks { get; } = ["icbc", "ccb", "abc", "boc", "psbc"];

    /// <summary>
    /// Inserts <paramref name="count"/> active, verified retirees of <paramref name="province"/> whose first payment
    /// month is <paramref name="firstMonth"/>, verified until <paramref name="verifiedUntil"/>, with base pensions of
    /// 2,000.00–5,999.99 yuan; ids are synthetic (18 characters, prefix <c>S</c>, not valid citizen ids) and unique per
    /// <paramref name="batch"/>. Returns the rows inserted.
    /// </summary>
    /// <remarks>Seeded rows carry no back-pay: their first run pays just the run month.</remarks>
    public static async Task<long> SeedAsync(NpgsqlDataSource dataSource, RegionCode province, int count, YearMonth firstMonth, DateOnly verifiedUntil, int batch = 0, CancellationToken cancellationToken = default)
    {
        var p = province.Province.Value;
        await using var command = dataSource.CreateCommand("""
            INSERT INTO jinbao_pension_entitlements (citizen_id, drawing_province, drawing_city, residence_region, bank, bank_account,
                base_monthly_fen, start_month, status, verified_until, version)
            SELECT 'S' || lpad($5::text, 4, '0') || lpad(n::text, 13, '0'), $1, left($1, 2) || '0100', '110100',
                   ($6::text[])[1 + n % array_length($6::text[], 1)], lpad(n::text, 19, '6'),
                   200000 + (n::bigint * 7919) % 400000, $3, 'active', $4, 1
            FROM generate_series(1, $2) n
            ON CONFLICT (citizen_id) DO NOTHING
            """);
        command.CommandTimeout = 0;
        command.Parameters.Add(new() { Value = p });
        command.Parameters.Add(new() { Value = count });
        command.Parameters.Add(new() { Value = firstMonth.FirstDay });
        command.Parameters.Add(new() { Value = verifiedUntil });
        command.Parameters.Add(new() { Value = batch });
        command.Parameters.Add(new() { Value = Banks.ToArray() });
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
