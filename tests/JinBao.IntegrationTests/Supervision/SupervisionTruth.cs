using System.Globalization;
using System.Text.Json;

using JinBao.Supervision;

using Orleans.TestingHost;

namespace JinBao.IntegrationTests.Supervision;

/// <summary>
/// The figures the supervision grain counts from the business-event stream, checked against SQL over the ledger and
/// the event log (the truth they must equal), and against a recount of the whole log.
/// </summary>
internal static class SupervisionTruth
{
    /// <summary>Waits until the grain has counted every event the log holds now; returns its figures.</summary>
    public static async Task<StatisticsView> CountedAsync(InProcessTestCluster cluster, string database, TimeSpan timeout)
    {
        // An empty log (a history of refused commands only) is counted up to the start.
        var last = await Sql.ScalarAsync<string>(database,
            "SELECT coalesce((SELECT tx::text || '/' || seq FROM jinbao_events ORDER BY tx DESC, seq DESC LIMIT 1), '0/0')");
        var parts = last!.Split('/');
        var target = new EventPosition(ulong.Parse(parts[0], CultureInfo.InvariantCulture), long.Parse(parts[1], CultureInfo.InvariantCulture));
        var grain = cluster.Client.GetGrain<ISupervisionGrain>(SupervisionGrains.Key);
        StatisticsView? view = null;
        Assert.True(await Retry.UntilAsync(async () => (view = await grain.GetStatisticsAsync()).Position >= target, timeout),
            $"The supervision grain counted up to {view?.Position}, not {target}.");
        return view!;
    }

    /// <summary>Every figure that has a SQL truth equals it; the recount from the log equals the live figures.</summary>
    public static async Task AssertMatchesAsync(InProcessTestCluster cluster, string database, StatisticsView live)
    {
        // Contributions by month and city: the events, and the ledger's legs of the same declarations.
        var declared = await RowsAsync(database, """
            SELECT payload->>'month', payload->>'city', count(*), sum((payload->>'individualFen')::bigint), sum((payload->>'pooledFen')::bigint)
            FROM jinbao_events WHERE type = 'contribution-declared' GROUP BY 1, 2 ORDER BY 1, 2
            """);
        Assert.Equal(declared, live.ContributionsByMonth.Select(m => $"{m.Month}|{m.City.Value}|{m.Declarations}|{m.IndividualFen}|{m.PooledFen}").ToList());
        Assert.Equal(await Sql.ScalarAsync<long>(database,
                "SELECT coalesce(sum(amount_fen), 0)::bigint FROM jinbao_ledger_entries WHERE kind = 'contribution' AND account LIKE '%:individual-account'"),
            live.ContributionsByMonth.Sum(m => m.IndividualFen));
        Assert.Equal(await Sql.ScalarAsync<long>(database,
                "SELECT coalesce(sum(amount_fen), 0)::bigint FROM jinbao_ledger_entries WHERE kind = 'contribution' AND account LIKE '%:pooled-fund'"),
            live.ContributionsByMonth.Sum(m => m.PooledFen));

        // Medical: net settlements and the fund's amount, against the ledger's fund legs.
        Assert.Equal(await Sql.ScalarAsync<long>(database,
                "SELECT (count(*) FILTER (WHERE type = 'medical-settled') - count(*) FILTER (WHERE type = 'medical-reversed'))::bigint FROM jinbao_events"),
            live.SettlementsByPlace.Sum(p => p.Settlements));
        Assert.Equal(await Sql.ScalarAsync<long>(database,
                "SELECT (-coalesce(sum(amount_fen), 0))::bigint FROM jinbao_ledger_entries WHERE kind IN ('medical-settlement', 'medical-reversal') AND account LIKE '%:medical-fund'"),
            live.SettlementsByPlace.Sum(p => p.FundFen));

        // Payments: each completed run's lines.
        var paid = await RowsAsync(database, """
            SELECT to_char(r.run_month, 'YYYY-MM'), count(DISTINCT l.citizen_id), coalesce(sum(l.amount_fen), 0)
            FROM jinbao_pension_payment_runs r LEFT JOIN jinbao_pension_payment_lines l ON l.province = r.province AND l.run_month = r.run_month
            WHERE r.status = 'completed' GROUP BY 1 ORDER BY 1
            """);
        Assert.Equal(paid, live.PaymentsByMonth.Select(p => $"{p.Month}|{p.Payees}|{p.AmountFen}").ToList());

        // Transfers at each status: the last step each transfer's events recorded.
        var statuses = await RowsAsync(database, """
            SELECT status, count(*) FROM (
                SELECT DISTINCT ON (stream) payload->>'status' AS status FROM jinbao_events
                WHERE type LIKE 'transfer-%' AND payload->>'escalatedTo' IS NULL ORDER BY stream, tx DESC, seq DESC) last
            GROUP BY status ORDER BY status COLLATE "C"
            """);
        Assert.Equal(statuses, live.TransfersByStatus.Select(s => $"{s.Status}|{s.Count}").ToList());

        // Enrolments and deaths per city.
        var cities = await RowsAsync(database, """
            SELECT payload->>'city', count(*) FILTER (WHERE type = 'person-enrolled'), count(*) FILTER (WHERE type = 'death-notified')
            FROM jinbao_events WHERE type IN ('person-enrolled', 'death-notified') GROUP BY 1 ORDER BY 1
            """);
        Assert.Equal(cities, live.Cities.Where(c => c.Enrolments + c.Deaths > 0).Select(c => $"{c.City.Value}|{c.Enrolments}|{c.Deaths}").ToList());

        // A rebuild from the event log reproduces every live figure.
        var recomputed = await cluster.Client.GetGrain<ISupervisionGrain>(SupervisionGrains.Key).RecomputeAsync();
        Assert.Equal(JsonSerializer.Serialize(live), JsonSerializer.Serialize(recomputed));
    }

    private static async Task<List<string>> RowsAsync(string database, string sql)
    {
        await using var connection = new Npgsql.NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(string.Join('|', Enumerable.Range(0, reader.FieldCount).Select(i => Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture))));
        }

        return rows;
    }
}
