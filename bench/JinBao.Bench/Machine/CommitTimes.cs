namespace JinBao.Bench.Machine;

/// <summary>
/// When a row's last writing transaction committed: <c>pg_xact_commit_timestamp(xmin)</c>, which the benchmark's server
/// keeps (<c>track_commit_timestamp=on</c>). The product's own time columns are stamped with <c>now()</c>, the start of
/// their transaction, which for a row updated after slow work (an inbox row marked processed after its grain applied
/// the document) is the time the work began, not when it ended.
/// </summary>
public static class CommitTimes
{
    /// <summary>
    /// The SQL expression for the commit time of the row's last write, or <paramref name="fallbackColumn"/> when the
    /// server does not track commit times (an external server given by JINBAO_TEST_PG).
    /// </summary>
    public static async Task<string> OfRowAsync(string connectionString, string fallbackColumn) =>
        await TrackedAsync(connectionString) ? $"coalesce(pg_xact_commit_timestamp(xmin), {fallbackColumn})" : fallbackColumn;

    public static async Task<bool> TrackedAsync(string connectionString) =>
        (string)(await BenchSql.RowsAsync(connectionString, "SHOW track_commit_timestamp"))[0][0] == "on";
}
