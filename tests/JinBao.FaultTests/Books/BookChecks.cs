using System.Diagnostics;

using JinBao.FaultTests.Load;
using JinBao.FaultTests.Topology;
using JinBao.Primitives;

namespace JinBao.FaultTests.Books;

/// <summary>What the books say after the run: per journey lost or duplicated effects, and the run-wide checks.</summary>
public sealed class BookReport
{
    /// <summary>Journeys with an accepted operation whose effect is missing (or a transfer that never completed).</summary>
    public Dictionary<Journey, string> Lost { get; } = [];

    /// <summary>Journeys with an effect booked more than once.</summary>
    public Dictionary<Journey, string> Duplicated { get; } = [];

    /// <summary>Run-wide checks that failed, in words.</summary>
    public List<string> Failures { get; } = [];

    /// <summary>Run-wide facts, e.g. the money that moved, for the report.</summary>
    public List<string> Facts { get; } = [];

    public bool Clean => Lost.Count == 0 && Duplicated.Count == 0 && Failures.Count == 0;
}

/// <summary>
/// Reads the three databases after the run (SQL over the tables, not the code under test) and compares them with what
/// each client was told: every accepted operation booked exactly once, every ledger movement balanced, every outbox and
/// inbox drained, no effect left pending in a saved grain state, and the money that left Guangdong for transfers equal
/// to what national cleared and Sichuan received.
/// </summary>
public static class BookChecks
{
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(90);

    // A saved PendingEffects with anything in it (jsonpath filter).
    private const string AnyEffect =
        "exists(@.movements[*]) || exists(@.events[*]) || exists(@.documents[*]) || exists(@.projections[*]) || exists(@.recoveries[*])";

    public static async Task<BookReport> RunAsync(FaultTopology topology, IReadOnlyList<Journey> journeys, Action<string> log)
    {
        var report = new BookReport();
        var guangdong = topology.Database("440000");
        var sichuan = topology.Database("510000");
        var national = topology.Database("national");
        var databases = new[] { ("national", national), ("Guangdong", guangdong), ("Sichuan", sichuan) };

        // Queues first: what is still on its way is not lost yet.
        foreach (var (name, database) in databases)
        {
            var drained = await WaitAsync(async () => await CountAsync(database,
                "SELECT (SELECT count(*) FROM jinbao_outbox WHERE delivered_at IS NULL) + (SELECT count(*) FROM jinbao_inbox WHERE processed_at IS NULL)") == 0);
            if (!drained)
            {
                report.Failures.Add($"{name}: documents still waiting after {DrainTimeout.TotalSeconds:0} s: " + string.Join("; ", await Sql.StringsAsync(database,
                    "SELECT 'outbox ' || type || ' to ' || receiver || ' attempts=' || attempts || ' error=' || coalesce(last_error, '') FROM jinbao_outbox WHERE delivered_at IS NULL " +
                    "UNION ALL SELECT 'inbox ' || type || ' from ' || sender || ' attempts=' || attempts || ' error=' || coalesce(last_error, '') FROM jinbao_inbox WHERE processed_at IS NULL LIMIT 10")));
            }

            var unbalanced = await CountAsync(database, "SELECT count(*) FROM jinbao_ledger_unbalanced_movements");
            if (unbalanced != 0)
            {
                report.Failures.Add($"{name}: {unbalanced} unbalanced ledger movements");
            }

            // A grain's effects are saved as "pending" (a transfer's as "effects": its "pending" is the step's work).
            var pending = await Sql.StringsAsync(database, $"""
                SELECT graintypestring || ' ' || grainidextensionstring
                FROM (SELECT graintypestring, grainidextensionstring, convert_from(payloadbinary, 'UTF8')::jsonb AS state
                      FROM orleans_storage WHERE payloadbinary IS NOT NULL) AS states
                WHERE jsonb_path_exists(state, 'lax $.pending ? ({AnyEffect})') OR jsonb_path_exists(state, 'lax $.effects ? ({AnyEffect})')
                LIMIT 10
                """);
            if (pending.Count > 0)
            {
                report.Failures.Add($"{name}: effects still pending in saved grain state: {string.Join(", ", pending)}");
            }
        }

        // Tables an older build under test may not have yet (JINBAO_FAULT_SILO): those checks are left out for it.
        var directory = await ExistsAsync(guangdong, "jinbao_person_directory");
        var settlements = await ExistsAsync(guangdong, "jinbao_medical_settlements");
        foreach (var journey in journeys)
        {
            await CheckAsync(journey, guangdong, sichuan, national, directory, settlements, report);
        }

        // Money for transfers: out of Guangdong = cleared by national = into Sichuan.
        var outOfGuangdong = await SumAsync(guangdong, "SELECT coalesce(sum(amount_fen), 0)::bigint FROM jinbao_ledger_entries WHERE kind = 'transfer-out' AND account LIKE '%:national-clearing'");
        var intoSichuan = await SumAsync(sichuan, "SELECT coalesce(-sum(amount_fen), 0)::bigint FROM jinbao_ledger_entries WHERE kind = 'transfer-in' AND account LIKE '%:national-clearing'");
        report.Facts.Add($"transfers: {outOfGuangdong:N0} fen left Guangdong for national clearing, {intoSichuan:N0} fen reached Sichuan from it");
        if (outOfGuangdong != intoSichuan)
        {
            report.Failures.Add($"transfer funds: {outOfGuangdong} fen out of Guangdong but {intoSichuan} fen into Sichuan");
        }

        log($"books: {report.Lost.Count} lost, {report.Duplicated.Count} duplicated, {report.Failures.Count} run-wide failures");
        return report;
    }

    private static async Task CheckAsync(Journey journey, string guangdong, string sichuan, string national, bool directory, bool settlements, BookReport report)
    {
        var id = ("c", (object)journey.CitizenId);
        if (directory && journey.Outcomes.Any(o => o.Operation == "enrol" && o.Accepted)
            && await CountAsync(guangdong, "SELECT count(*) FROM jinbao_person_directory WHERE citizen_id = @c AND city = '440300'", id) != 1)
        {
            report.Lost[journey] = "enrolment accepted, person not in Shenzhen's directory";
        }

        var contributions = await CountAsync(guangdong, "SELECT count(DISTINCT movement_id) FROM jinbao_ledger_entries WHERE kind = 'contribution' AND person_id = @c", id);
        if (contributions < journey.DeclaredMonths.Count)
        {
            report.Lost[journey] = $"{journey.DeclaredMonths.Count} declarations accepted, {contributions} booked";
        }
        else if (contributions > journey.DeclaredMonths.Count)
        {
            report.Duplicated[journey] = $"{journey.DeclaredMonths.Count} declarations accepted, {contributions} booked";
        }

        if (journey.TransferId is { } transfer)
        {
            var legs = new[]
            {
                ("Guangdong's release", guangdong, "transfer-out"),
                ("national clearing", national, "funds-clearing"),
                ("Sichuan's merge", sichuan, "transfer-in"),
            };
            foreach (var (what, database, kind) in legs)
            {
                var booked = await CountAsync(database, "SELECT count(DISTINCT movement_id) FROM jinbao_ledger_entries WHERE kind = @k AND person_id = @c", id, ("k", kind));
                if (booked > 1)
                {
                    report.Duplicated[journey] = $"transfer {transfer}: {what} booked {booked} times";
                }
                else if (booked == 0 && journey.Completed)
                {
                    report.Lost[journey] = $"transfer {transfer} completed without {what}";
                }
            }

            if (!journey.Completed)
            {
                report.Lost[journey] = $"transfer {transfer} applied, not completed: {journey.Stuck}";
            }
        }

        if (journey.SettlementId is { } settlement)
        {
            var sid = ("s", (object)settlement);
            var records = settlements ? await CountAsync(guangdong, "SELECT count(*) FROM jinbao_medical_settlements WHERE citizen_id = @c AND settlement_id = @s", id, sid) : 1;
            var insuring = await CountAsync(guangdong, "SELECT count(DISTINCT movement_id) FROM jinbao_ledger_entries WHERE person_id = @c AND kind = 'medical-settlement'", id);
            var cleared = await CountAsync(national, "SELECT count(*) FROM jinbao_ledger_entries WHERE movement_id = 'medical-paid:' || @s AND leg = 0", sid);
            if (records != 1 || insuring != 1 || cleared != 1)
            {
                var line = $"settlement {settlement}: {records} records and {insuring} postings in Guangdong, {cleared} on national clearing";
                if (records > 1 || insuring > 1 || cleared > 1)
                {
                    report.Duplicated[journey] = line;
                }
                else
                {
                    report.Lost[journey] = line;
                }
            }
        }
    }

    private static async Task<bool> WaitAsync(Func<Task<bool>> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > DrainTimeout)
            {
                return false;
            }

            await Task.Delay(500);
        }

        return true;
    }

    private static Task<long> CountAsync(string database, string sql, params (string Name, object Value)[] parameters) =>
        Sql.ScalarAsync<long>(database, sql, parameters);

    private static async Task<bool> ExistsAsync(string database, string table) =>
        await Sql.ScalarAsync<bool>(database, "SELECT to_regclass(@t) IS NOT NULL", ("t", table));

    private static Task<long> SumAsync(string database, string sql) => Sql.ScalarAsync<long>(database, sql);
}
