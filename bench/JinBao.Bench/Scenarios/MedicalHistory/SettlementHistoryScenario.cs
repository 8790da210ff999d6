using System.Globalization;

using JinBao.Bench.Load;
using JinBao.Bench.Machine;
using JinBao.Bench.Report;
using JinBao.Medical;
using JinBao.Persons;
using JinBao.Primitives;
using JinBao.Testing;

namespace JinBao.Bench.Scenarios.MedicalHistory;

/// <summary>
/// Does a settlement cost the same for a person with a long history (issue 16: "flat cost with history")? A few
/// persons are each settled 200 times through <see cref="IMedicalAccountGrain.SettleAsync"/> on Guangdong (the
/// same-province path of the medical scenario); the first 20 settlements of every person and the last 20 (181–200) are
/// measured alike: write transactions, WAL and .NET CPU per settlement, and the person's stored state after each window.
/// </summary>
public sealed class SettlementHistoryScenario : IScenario
{
    private const string Scenario = "medical settlement, history";
    private const int Settlements = 200;
    private const int Window = 20;
    private static readonly DateOnly FiledFrom = new(2026, 1, 1);
    private static readonly DateOnly AdmittedOn = new(2026, 11, 2);

    public string Name => "medical-history";

    public async Task RunAsync(BenchContext context)
    {
        var settings = context.Settings;
        var persons = Enumerable.Range(0, settings.HistoryPersons).Select(_ => TestPeople.Next(birthYear: 1960, addressCode: "440304")).ToList();
        var run = Guid.NewGuid().ToString("N")[..8];
        var topology = await context.TopologyAsync();
        var grains = topology.Guangdong.Grains;
        Console.WriteLine($"  enrolling and filing {persons.Count} persons");
        await Parallel.ForEachAsync(persons, new ParallelOptions { MaxDegreeOfParallelism = settings.Clients }, async (person, _) =>
        {
            await grains.GetPersonGrain(person).EnrolAsync(new EnrolPerson(Places.Shenzhen, Places.Shenzhen, new DateOnly(2020, 1, 1), Places.ShenzhenSystem));
            await grains.GetMedicalAccountGrain(person).FileAsync(new FileForCare(new FilingId("long-term-beijing"), FilingType.LongTerm, Places.Beijing, FiledFrom, null, Places.ShenzhenSystem));
        });

        // Sequence n settles persons[n % count]: a window of count × k operations gives every person exactly k more.
        var databases = topology.All.Select(c => (c.ConnectionString, "orleans_storage")).ToList();
        long settled = 0;
        Task<LoadResult> SettleEach(int times) => ClosedLoop.RunAsync(settings.Clients, TimeSpan.FromMinutes(20), (long)persons.Count * times, async sequence =>
        {
            await grains.GetMedicalAccountGrain(persons[(int)(sequence % persons.Count)]).SettleAsync(Bill($"{run}-h{Interlocked.Increment(ref settled)}"));
        });

        Console.WriteLine($"  settlements 1–{Window} of each person (measured)");
        var first = await PhaseMeasurement.MeasureAsync(context.Postgres.ServerConnectionString, databases, () => SettleEach(Window));
        var firstBytes = await StoredBytesAsync(topology, persons);
        Console.WriteLine($"  settlements {Window + 1}–{Settlements - Window}");
        var middle = await SettleEach(Settlements - 2 * Window);
        Console.WriteLine($"  settlements {Settlements - Window + 1}–{Settlements} of each person (measured)");
        var last = await PhaseMeasurement.MeasureAsync(context.Postgres.ServerConnectionString, databases, () => SettleEach(Window));
        var lastBytes = await StoredBytesAsync(topology, persons);
        var failed = first.Load.Failed + middle.Failed + last.Load.Failed;
        Console.WriteLine($"    {first.Load.PerSecond:0}/s then {last.Load.PerSecond:0}/s; {first.WritesPerOperation.WalBytes:0} then {last.WritesPerOperation.WalBytes:0} WAL bytes per settlement; {firstBytes:0} then {lastBytes:0} bytes stored per person; {failed} failed");

        var report = context.Report;
        var note = $"{persons.Count:N0} persons × {Settlements} settlements{(failed > 0 ? $"; {failed:N0} failed ({first.Load.FirstError ?? middle.FirstError ?? last.Load.FirstError})" : "")}";
        Pair(report, "write transactions per settlement", "", first.WritesPerOperation.WriteTransactions, last.WritesPerOperation.WriteTransactions, LimitComparison.Commits, note);
        Pair(report, "WAL per settlement", "bytes", first.WritesPerOperation.WalBytes, last.WritesPerOperation.WalBytes, LimitComparison.UpsertWal);
        Pair(report, "CPU per settlement, .NET (driver + silos)", "ms", first.CpuPerOperation.Process * 1000, last.CpuPerOperation.Process * 1000, LimitComparison.None);
        Pair(report, "state stored per person", "bytes", firstBytes, lastBytes, LimitComparison.UpsertWal, "octet_length(payloadbinary) of the medical-account rows, after the window");
        report.AddSection("Flat cost with history: medical settlement", Analysis(persons.Count, first, last, firstBytes, lastBytes));
    }

    /// <summary>One figure for each window; the second's note gives the ratio ("flat" is ≈ 1).</summary>
    private static void Pair(BenchmarkReport report, string measure, string unit, double first, double last, LimitComparison comparison, string? note = null)
    {
        report.Add(new Figure(Scenario, $"{measure}, settlements 1–{Window}", unit, first, null, comparison, note));
        report.Add(new Figure(Scenario, $"{measure}, settlements {Settlements - Window + 1}–{Settlements}", unit, last, null, comparison,
            $"{Settlements - Window + 1}–{Settlements} ÷ 1–{Window} = {Ratio(first, last)} (flat ≈ 1)"));
    }

    private static string Ratio(double first, double last) =>
        first > 0 && !double.IsNaN(last) ? (last / first).ToString("0.00", CultureInfo.InvariantCulture) + " ×" : "—";

    /// <summary>Mean stored size of these persons' medical accounts.</summary>
    private static Task<double> StoredBytesAsync(ExchangeTopology topology, IReadOnlyList<CitizenId> persons) =>
        BenchSql.DoubleAsync(topology.Guangdong.ConnectionString,
            $"SELECT avg(octet_length(payloadbinary)) FROM orleans_storage WHERE graintypestring = 'medical-account' AND grainidextensionstring IN ('{string.Join("','", persons.Select(p => p.Value))}')");

    /// <summary>
    /// Shenzhen's long-term ratio is 90 % past a 1,000 yuan deductible, with a 600,000 yuan cap a year: 200 bills of
    /// 3,000 yuan pay 539,100 yuan, so every settlement posts to the ledger and the windows do the same work.
    /// </summary>
    private static SettleBill Bill(string id) =>
        new(new SettlementId(id), Places.Beijing, AdmittedOn, false, [new FeeLine("B90-INSCOPE", 1, Money.FromYuan(3000))], Places.BeijingHospital);

    private static string Analysis(int persons, PhaseMeasurement first, PhaseMeasurement last, double firstBytes, double lastBytes)
    {
        var (f, l) = (first.WritesPerOperation, last.WritesPerOperation);
        var walRatio = l.WalBytes / Math.Max(f.WalBytes, 1);
        var verdict = walRatio <= 1.25 && lastBytes / Math.Max(firstBytes, 1) <= 1.25
            ? "Flat: a settlement costs about the same whatever the person's history."
            : $"Not flat: a settlement of a person with {Settlements - Window}–{Settlements} settlements behind them writes {walRatio:0.0} × the WAL of one with 0–{Window}, because the account's state grows with every settlement and each write stores it whole.";
        return string.Create(CultureInfo.InvariantCulture, $"""
            {persons} persons were each settled {Settlements} times on Guangdong's silos (same-province path, closed loop of 16 clients); the first {Window} settlements of every person and the last {Window} were measured alike.

            | per settlement | 1–{Window} | {Settlements - Window + 1}–{Settlements} | ratio |
            | --- | ---: | ---: | ---: |
            | write transactions | {f.WriteTransactions:0.00} | {l.WriteTransactions:0.00} | {Ratio(f.WriteTransactions, l.WriteTransactions)} |
            | state writes + appended rows | {f.StateWrites + f.AppendedRows:0.00} | {l.StateWrites + l.AppendedRows:0.00} | {Ratio(f.StateWrites + f.AppendedRows, l.StateWrites + l.AppendedRows)} |
            | WAL bytes | {f.WalBytes:N0} | {l.WalBytes:N0} | {Ratio(f.WalBytes, l.WalBytes)} |
            | CPU, .NET ms | {first.CpuPerOperation.Process * 1000:0.00} | {last.CpuPerOperation.Process * 1000:0.00} | {Ratio(first.CpuPerOperation.Process, last.CpuPerOperation.Process)} |
            | CPU, PostgreSQL ms | {first.CpuPerOperation.Postgres * 1000:0.00} | {last.CpuPerOperation.Postgres * 1000:0.00} | {Ratio(first.CpuPerOperation.Postgres, last.CpuPerOperation.Postgres)} |
            | completed per second | {first.Load.PerSecond:N0} | {last.Load.PerSecond:N0} | {Ratio(first.Load.PerSecond, last.Load.PerSecond)} |
            | state stored per person, bytes (after the window) | {firstBytes:N0} | {lastBytes:N0} | {Ratio(firstBytes, lastBytes)} |

            {verdict} With only {persons} persons, at most {persons} of the 16 clients' calls run at once (a grain takes one call at a time), so the rates here are not the medical scenario's.
            """);
    }
}
