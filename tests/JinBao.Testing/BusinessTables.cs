namespace JinBao.Testing;

/// <summary>
/// A content hash of every business table of a cluster's database, to show that hostile input changed no business row
/// (issue 17). Which tables are business is read from db/migrations: all of them but those listed here.
/// </summary>
public static class BusinessTables
{
    /// <summary>
    /// Not business state: Orleans' cluster membership and reminders (silo liveness, not data: 0001), and the API's own
    /// records of requests, which every request, hostile or not, is meant to write: the access audit and the idempotency
    /// records (0004) and the sign-in attempts (0012). Every other table counts, including ones added later.
    /// </summary>
    public static IReadOnlyList<string> NotBusiness { get; } =
    [
        "orleans_membership", "orleans_membership_version", "orleans_reminders",
        "jinbao_api_audit", "jinbao_api_idempotency", "jinbao_api_sign_ins",
    ];

    /// <summary>
    /// Columns that count attempts rather than business facts: a clerk account's lock-out counter (0012) is how the API
    /// answers wrong passwords, so hostile sign-ins are meant to move it; the exchange queues' delivery bookkeeping (0005)
    /// moves with every retry, whatever anyone sends.
    /// </summary>
    private static readonly Dictionary<string, string[]> BookkeepingColumns = new()
    {
        ["jinbao_api_clerks"] = ["failed_sign_ins", "locked_until"],
        ["jinbao_outbox"] = ["attempts", "next_attempt_at", "last_error"],
        ["jinbao_inbox"] = ["attempts", "next_attempt_at", "last_error"],
    };

    /// <summary>
    /// Table → MD5 over its rows (as JSON without the bookkeeping columns, sorted) and its row count. Rows matching
    /// <paramref name="excludedEvents"/> (a condition on <c>jinbao_events</c>, e.g. the audit of refusals the caller
    /// expects) are left out.
    /// </summary>
    public static async Task<Dictionary<string, string>> HashesAsync(string connectionString, string? excludedEvents = null)
    {
        var tables = await Sql.StringsAsync(connectionString,
            "SELECT table_name::text FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1");
        var missing = NotBusiness.Except(tables).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException($"Tables left out of the comparison do not exist (renamed?): {string.Join(", ", missing)}.");
        }

        var hashes = new Dictionary<string, string>();
        foreach (var table in tables.Except(NotBusiness))
        {
            var columns = string.Join(", ", BookkeepingColumns.GetValueOrDefault(table, []).Select(c => $"'{c}'"));
            var row = columns.Length == 0 ? "to_jsonb(t)" : $"to_jsonb(t) - ARRAY[{columns}]";
            var where = table == "jinbao_events" && excludedEvents is not null ? $"WHERE NOT ({excludedEvents})" : "";
            hashes[table] = (await Sql.StringsAsync(connectionString,
                $"SELECT coalesce(md5(string_agg(r, E'\\n' ORDER BY r)), '') || ' rows:' || count(*) FROM (SELECT ({row})::text AS r FROM \"{table}\" t {where}) s")).Single();
        }

        return hashes;
    }

    /// <summary>
    /// The hashes once two readings a second apart agree (at most <paramref name="patience"/>): work a test's set-up
    /// started settles first, so what changes afterwards is the doing of what the test sends next.
    /// </summary>
    public static async Task<Dictionary<string, string>> QuietHashesAsync(string connectionString, string? excludedEvents = null, TimeSpan? patience = null)
    {
        var deadline = DateTime.UtcNow + (patience ?? TimeSpan.FromSeconds(30));
        var previous = await HashesAsync(connectionString, excludedEvents);
        while (DateTime.UtcNow < deadline)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            var current = await HashesAsync(connectionString, excludedEvents);
            if (Changed(previous, current).Count == 0)
            {
                return current;
            }

            previous = current;
        }

        return previous;
    }

    /// <summary>The tables whose hash differs (or that appeared or went).</summary>
    public static List<string> Changed(Dictionary<string, string> before, Dictionary<string, string> after) =>
        before.Keys.Union(after.Keys).Where(t => before.GetValueOrDefault(t) != after.GetValueOrDefault(t)).Order().ToList();
}
