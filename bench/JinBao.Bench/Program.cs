using System.Diagnostics;
using System.Globalization;

using JinBao.Bench;
using JinBao.Bench.Machine;
using JinBao.Bench.Report;
using JinBao.Bench.Scenarios;
using JinBao.Testing;

// Regenerates BENCHMARKS.md: the machine's limit (pgbench) and every scenario, in one run on one PostgreSQL server.
//   dotnet run -c Release --project bench/JinBao.Bench [-- --quick] [-- --only medical,transfer] [-- --output FILE] [-- --national-silos 1]
var quick = args.Contains("--quick");
var only = Option("--only")?.Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal) ?? [];
var output = Option("--output") ?? Path.Combine(RepositoryRoot(), "BENCHMARKS.md");
var settings = new BenchSettings(quick, only) { NationalSilos = int.Parse(Option("--national-silos") ?? "2", CultureInfo.InvariantCulture) };
var started = DateTimeOffset.UtcNow;
var clock = Stopwatch.StartNew();
var loadAtStart = MachineInfo.LoadAverage();
Console.WriteLine($"JinBao benchmarks → {output} (load average at start {loadAtStart})");

// Durable like production (the test default turns fsync off): every ratio below is to durable commits. Commit
// timestamps give the transfer's hop timings when a document was applied (processed_at is its transaction's start).
await using var postgres = await TestPostgres.StartAsync(
    "fsync=on", "synchronous_commit=on", "full_page_writes=on", "shared_preload_libraries=pg_stat_statements", "max_connections=800",
    "track_commit_timestamp=on");
var report = new BenchmarkReport { NationalSilos = settings.NationalSilos };
var pgbenchDatabase = await postgres.CreateEmptyDatabaseAsync("pgbench");
Console.WriteLine("pgbench (machine limit)");
(report.Upsert, report.Select) = await Pgbench.RunAsync(pgbenchDatabase, settings.Clients, settings.PgbenchDuration);
var failures = new List<string>();
await using (var context = new BenchContext(postgres, settings, report))
{
    foreach (var scenario in ScenarioCatalogue.All.Where(s => settings.Runs(s.Name)))
    {
        Console.WriteLine($"{scenario.Name} ({clock.Elapsed:mm\\:ss})");
        try
        {
            await scenario.RunAsync(context);
        }
        catch (Exception exception)
        {
            // One broken scenario must not lose the others' figures: it is reported as failed.
            failures.Add($"- **{scenario.Name}** failed: `{exception.GetType().Name}: {exception.Message.ReplaceLineEndings(" ")}`");
            Console.WriteLine(exception);
        }
    }
}

Console.WriteLine("pgbench again (drift over the run)");
var (upsertAtEnd, selectAtEnd) = await Pgbench.RunAsync(pgbenchDatabase, settings.Clients, settings.PgbenchDuration);
var serverVersion = (await BenchSql.RowsAsync(postgres.ServerConnectionString, "SELECT version()"))[0][0];
var header = Header.Render(started, clock.Elapsed, args, loadAtStart, MachineInfo.LoadAverage(), $"{serverVersion}", report, upsertAtEnd, selectAtEnd, failures);
await File.WriteAllTextAsync(output, report.Render(header));
Console.WriteLine($"wrote {output} in {clock.Elapsed.TotalMinutes.ToString("0.0", CultureInfo.InvariantCulture)} min");
return failures.Count == 0 ? 0 : 1;

string? Option(string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}

static string RepositoryRoot()
{
    for (var directory = new DirectoryInfo(Environment.CurrentDirectory); directory is not null; directory = directory.Parent)
    {
        if (File.Exists(Path.Combine(directory.FullName, "JinBao.sln")))
        {
            return directory.FullName;
        }
    }

    return Environment.CurrentDirectory;
}
