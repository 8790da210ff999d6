using System.Globalization;

using JinBao.Bench.Load;
using JinBao.Bench.Machine;
using JinBao.Testing;

namespace JinBao.Bench.Scenarios.MedicalCross;

/// <summary>
/// A cross-province settlement's time split at the two commits the databases keep a time for: the insuring place's
/// ledger movement (<c>medical:{id}:settle</c> in Guangdong) and the national clearing's (<c>medical-paid:{id}</c>).
/// </summary>
public sealed record SettlementHops(int Count, Spread ToInsuringPlace, Spread ToClearing, Spread BackToHospital, Spread Total)
{
    public static async Task<SettlementHops> MeasureAsync(ExchangeTopology topology, string run, IReadOnlyDictionary<string, (double Started, double Answered)> calls)
    {
        var decided = await CommittedAsync(topology.Guangdong.ConnectionString, $"medical:{run}-%:settle", id => id["medical:".Length..^":settle".Length]);
        var cleared = await CommittedAsync(topology.National.ConnectionString, $"medical-paid:{run}-%", id => id["medical-paid:".Length..]);
        var rows = calls
            .Where(c => decided.ContainsKey(c.Key) && cleared.ContainsKey(c.Key))
            .Select(c => (Call: c.Value, Decided: decided[c.Key], Cleared: cleared[c.Key]))
            .ToList();
        return new SettlementHops(
            rows.Count,
            Spread.Of(rows.Select(r => (r.Decided - r.Call.Started) * 1000)),
            Spread.Of(rows.Select(r => (r.Cleared - r.Decided) * 1000)),
            Spread.Of(rows.Select(r => (r.Call.Answered - r.Cleared) * 1000)),
            Spread.Of(rows.Select(r => (r.Call.Answered - r.Call.Started) * 1000)));
    }

    /// <summary>Settlement id → when its ledger movement committed (seconds since 1970).</summary>
    private static async Task<Dictionary<string, double>> CommittedAsync(string connectionString, string movementPattern, Func<string, string> settlementId)
    {
        var rows = await BenchSql.RowsAsync(connectionString, $"""
            SELECT movement_id, extract(epoch FROM min({await CommitTimes.OfRowAsync(connectionString, "posted_at")}))::float8
            FROM jinbao_ledger_entries WHERE movement_id LIKE '{movementPattern}' GROUP BY movement_id
            """);
        return rows.ToDictionary(r => settlementId((string)r[0]), r => Convert.ToDouble(r[1], CultureInfo.InvariantCulture));
    }
}
