using JinBao.Bench.Baseline;
using JinBao.Bench.Load;
using JinBao.Bench.Report;
using JinBao.Medical;
using JinBao.Persons;
using JinBao.Primitives;
using JinBao.Testing;

using Npgsql;

namespace JinBao.Bench.Scenarios.Medical;

/// <summary>
/// Off-site medical settlements through <see cref="IMedicalAccountGrain.SettleAsync"/> on Guangdong's two silos, and
/// the same rules in the conventional baseline: Shenzhen persons filed long-term in Beijing, each bill one in-scope line of 3,000 yuan (past the 1,000 yuan deductible, so every settlement posts to the ledger).
/// </summary>
public sealed class MedicalSettlementScenario : IScenario
{
    private const string Scenario = "medical settlement";
    private static readonly DateOnly FiledFrom = new(2026, 1, 1);
    private static readonly DateOnly AdmittedOn = new(2026, 11, 2);

    public string Name => "medical";

    public async Task RunAsync(BenchContext context)
    {
        var persons = Enumerable.Range(0, context.Settings.MedicalPersons).Select(_ => TestPeople.Next(birthYear: 1960, addressCode: "440304")).ToList();
        var run = Guid.NewGuid().ToString("N")[..8];

        var topology = await context.TopologyAsync();
        var grains = topology.Guangdong.Grains;
        Console.WriteLine($"  enrolling and filing {persons.Count} persons in JinBao");
        await Parallel.ForEachAsync(persons, new ParallelOptions { MaxDegreeOfParallelism = context.Settings.Clients }, async (person, _) =>
        {
            await grains.GetPersonGrain(person).EnrolAsync(new EnrolPerson(Places.Shenzhen, Places.Shenzhen, new DateOnly(2020, 1, 1), Places.ShenzhenSystem));
            await grains.GetMedicalAccountGrain(person).FileAsync(Filing());
        });
        Console.WriteLine("  JinBao settlements");
        var jinBao = await SettlementSuite.RunAsync(context, topology.All.Select(c => (c.ConnectionString, "orleans_storage")).ToList(),
            sequence => grains.GetMedicalAccountGrain(persons[(int)(sequence % persons.Count)]).SettleAsync(Bill($"{run}-j{sequence}")));

        var database = await context.Postgres.CreateDatabaseAsync("baseline_medical");
        await BaselineSchema.CreateAsync(database);
        // A bounded pool, as a service would configure: beyond it requests queue for a connection.
        await using var dataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(database) { MaxPoolSize = 64 }.ConnectionString);
        await PersonRows.InsertAsync(dataSource, persons.Select(person => (person.Value, Enrolled(person), FiledAccount(person))));
        var service = new BaselineSettlementService(dataSource);
        Console.WriteLine("  baseline settlements");
        var baseline = await SettlementSuite.RunAsync(context, [(database, BaselineSchema.StateVersions)],
            sequence => service.SettleAsync(persons[(int)(sequence % persons.Count)], Bill($"{run}-b{sequence}")));

        Report(context.Report, jinBao, baseline);
    }

    /// <summary>The filing every person of the scenario has (long-term care in Beijing); the event-stream scenario files the same.</summary>
    internal static FileForCare Filing() => new(new FilingId("long-term-beijing"), FilingType.LongTerm, Places.Beijing, FiledFrom, null, Places.ShenzhenSystem);

    /// <summary>One in-scope line of 3,000 yuan, past the deductible: every settlement posts to the ledger.</summary>
    internal static SettleBill Bill(string id) =>
        new(new SettlementId(id), Places.Beijing, AdmittedOn, false, [new FeeLine("B90-INSCOPE", 1, Money.FromYuan(3000))], Places.BeijingHospital);

    /// <summary>The person as the grain would hold them after the same enrolment (effects are not part of the baseline's setup).</summary>
    private static PersonState Enrolled(CitizenId person)
    {
        var state = new PersonState();
        new PersonAccount(state, person, Policies.PensionParameters.Official, DateTimeOffset.UtcNow)
            .Enrol(new EnrolPerson(Places.Shenzhen, Places.Shenzhen, new DateOnly(2020, 1, 1), Places.ShenzhenSystem));
        return state;
    }

    private static MedicalAccountState FiledAccount(CitizenId person)
    {
        var state = new MedicalAccountState();
        new MedicalAccount(state, person, Places.Shenzhen, MedicalCatalogue.Official, MedicalPolicies.Official, DateTimeOffset.UtcNow).File(Filing());
        return state;
    }

    private static void Report(BenchmarkReport report, SettlementSuiteResult jinBao, SettlementSuiteResult baseline)
    {
        var closed = $"closed loop, {jinBao.ClosedLoop.Load.Completed:N0} / {baseline.ClosedLoop.Load.Completed:N0} settlements";
        report.Add(new Figure(Scenario, "completed (closed loop, 16 clients)", "/s", jinBao.ClosedLoop.Load.PerSecond, baseline.ClosedLoop.Load.PerSecond, LimitComparison.UpsertRate, closed));
        report.Add(new Figure(Scenario, "p50 at that load", "ms", jinBao.ClosedLoop.Load.P50, baseline.ClosedLoop.Load.P50, LimitComparison.UpsertLatency));
        report.Add(new Figure(Scenario, "p99 at that load", "ms", jinBao.ClosedLoop.Load.P99, baseline.ClosedLoop.Load.P99, LimitComparison.UpsertLatency));
        report.Add(new Figure(Scenario, $"sustained rate at p99 ≤ {SettlementSuite.TargetP99Ms:0} ms (open loop)", "/s", jinBao.SustainedRate, baseline.SustainedRate, LimitComparison.UpsertRate,
            $"lowest p99 seen in the search: {Lowest(jinBao)} / {Lowest(baseline)}"));
        for (var i = 0; i < SettlementSuite.FixedRates.Length; i++)
        {
            var (j, b) = (jinBao.FixedRates[i], baseline.FixedRates[i]);
            var rate = SettlementSuite.FixedRates[i];
            report.Add(new Figure(Scenario, $"p50 at {rate:N0}/s offered", "ms", Reached(j, j.P50), Reached(b, b.P50), LimitComparison.UpsertLatency, Achieved(j, b)));
            report.Add(new Figure(Scenario, $"p99 at {rate:N0}/s offered", "ms", Reached(j, j.P99), Reached(b, b.P99), LimitComparison.UpsertLatency));
        }

        SettlementCosts.Report(report, Scenario, jinBao.ClosedLoop, baseline.ClosedLoop);
        report.AddSection("Where the time goes: medical settlement", SettlementAnalysis.Write(jinBao, baseline, report.Upsert!, report.RuleMicroseconds));
    }

    private static string Lowest(SettlementSuiteResult suite) => suite.LowestP99 is { } step
        ? $"{step.P99:0.0} ms at {step.OfferedPerSecond:N0}/s"
        : "none kept up";

    private static double Reached(LoadResult result, double value) => result.ReachedOfferedRate ? value : double.NaN;

    private static string Achieved(LoadResult jinBao, LoadResult baseline) =>
        $"completed {jinBao.PerSecond:N0} / {baseline.PerSecond:N0} per s{Shed(jinBao)}{Shed(baseline)}";

    private static string Shed(LoadResult result) => result.NotIssued + result.Failed > 0
        ? $"; {result.NotIssued + result.Failed:N0} shed or failed{(result.FirstError is { } e ? $" ({e})" : "")}"
        : "";
}
