namespace JinBao.Bench.Machine;

/// <summary>Durable work counted exactly (no stats-collector lag): write transactions, WAL bytes, state writes, appended rows.</summary>
/// <param name="WriteTransactions">Transaction ids assigned server-wide: one per transaction that wrote anything.</param>
/// <param name="WalBytes">WAL written server-wide.</param>
/// <param name="StateWrites">Σ version of the state rows (grain storage or the baseline's person rows): one per state write.</param>
/// <param name="AppendedRows">Rows in the append-only tables (ledger, audit events, outbox, inbox).</param>
public sealed record WriteCounters(double WriteTransactions, double WalBytes, double StateWrites, double AppendedRows)
{
    private const string AppendOnlyRows = """
        SELECT (SELECT count(*) FROM jinbao_ledger_entries) + (SELECT count(*) FROM jinbao_events)
             + (SELECT count(*) FROM jinbao_outbox) + (SELECT count(*) FROM jinbao_inbox)
        """;

    /// <summary>
    /// State writes and appended rows of each database, in the order they were asked for. The transaction counter and
    /// the WAL position are the server's, so commits per database are not counted: these rows say where the writes went.
    /// </summary>
    public IReadOnlyList<(double StateWrites, double AppendedRows)> ByDatabase { get; init; } = [];

    /// <summary>Counts across <paramref name="databases"/>, each with the table whose <c>version</c> column counts its state writes.</summary>
    public static async Task<WriteCounters> ReadAsync(IReadOnlyList<(string ConnectionString, string StateTable)> databases)
    {
        var any = databases[0].ConnectionString;
        var transactions = await BenchSql.DoubleAsync(any, "SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint");
        var wal = await BenchSql.WalPositionAsync(any);
        var byDatabase = new List<(double, double)>();
        foreach (var (connectionString, stateTable) in databases)
        {
            byDatabase.Add((await BenchSql.DoubleAsync(connectionString, $"SELECT coalesce(sum(version), 0) FROM {stateTable}"),
                await BenchSql.DoubleAsync(connectionString, AppendOnlyRows)));
        }

        return new WriteCounters(transactions, wal, byDatabase.Sum(d => d.Item1), byDatabase.Sum(d => d.Item2)) { ByDatabase = byDatabase };
    }

    public static WriteCounters operator -(WriteCounters after, WriteCounters before) => new(
        after.WriteTransactions - before.WriteTransactions,
        after.WalBytes - before.WalBytes,
        after.StateWrites - before.StateWrites,
        after.AppendedRows - before.AppendedRows)
    {
        ByDatabase = after.ByDatabase.Zip(before.ByDatabase, (a, b) => (a.StateWrites - b.StateWrites, a.AppendedRows - b.AppendedRows)).ToList(),
    };

    public WriteCounters Per(double operations) => operations <= 0
        ? this
        : new(WriteTransactions / operations, WalBytes / operations, StateWrites / operations, AppendedRows / operations)
        {
            ByDatabase = ByDatabase.Select(d => (d.StateWrites / operations, d.AppendedRows / operations)).ToList(),
        };
}
