using System.Globalization;

using JinBao.Bench.Load;
using JinBao.Bench.Machine;
using JinBao.Bench.Report;
using JinBao.Grains.Persons;
using JinBao.Persons;
using JinBao.Primitives;
using JinBao.Testing;

namespace JinBao.Bench.Scenarios.Persons;

/// <summary>
/// Person grains on Guangdong's two silos: how fast they activate from PostgreSQL after every activation was
/// collected, what an active one costs in memory (the silos run in this process, so the managed heap grows by it),
/// and how many bytes a stored person takes (octet_length of the grain storage payload).
/// </summary>
public sealed class PersonGrainScenario : IScenario
{
    private const string Scenario = "person grains";
    private const int DeclaredMonths = 12;

    public string Name => "persons";

    public async Task RunAsync(BenchContext context)
    {
        var settings = context.Settings;
        var topology = await context.TopologyAsync();
        var grains = topology.Guangdong.Grains;
        var persons = Enumerable.Range(0, settings.ActivationPersons).Select(_ => TestPeople.Next(birthYear: 1975, addressCode: "440304")).ToList();
        Console.WriteLine($"  enrolling {persons.Count} persons with {DeclaredMonths} months each");
        await Parallel.ForEachAsync(persons, new ParallelOptions { MaxDegreeOfParallelism = settings.Clients }, async (person, _) =>
        {
            var grain = grains.GetPersonGrain(person);
            await grain.EnrolAsync(new EnrolPerson(Places.Shenzhen, Places.Shenzhen, new DateOnly(2024, 1, 1), Places.ShenzhenSystem));
            await grain.DeclareMonthsAsync(new YearMonth(2024, 1), DeclaredMonths, 9000, Places.ShenzhenSystem);
        });

        var ids = string.Join("','", persons.Select(p => p.Value));
        var bytes = await BenchSql.DoubleAsync(topology.Guangdong.ConnectionString,
            $"SELECT avg(octet_length(payloadbinary)) FROM orleans_storage WHERE graintypestring = 'person' AND grainidextensionstring IN ('{ids}')");

        // Collect every idle activation in the cluster, so each first call below activates from storage.
        var management = grains.GetGrain<IManagementGrain>(0);
        await management.ForceActivationCollection(TimeSpan.Zero);

        // A fifth are activated unmeasured: what the first activations of a run allocate once (pools' connections and
        // buffers, prepared statements, the catalogue's tables growing) is no cost per person.
        var warmUp = persons.Count / 5;
        await Parallel.ForEachAsync(persons.Take(warmUp), new ParallelOptions { MaxDegreeOfParallelism = settings.Clients },
            async (person, _) => await grains.GetPersonGrain(person).GetRecordAsync());
        var measured = persons.Skip(warmUp).ToList();
        var activeBefore = await ActivePersonsAsync(management);
        var heapBefore = Heap();

        var databases = topology.All.Select(c => (c.ConnectionString, "orleans_storage")).ToList();
        var phase = await PhaseMeasurement.MeasureAsync(context.Postgres.ServerConnectionString, databases, () => ClosedLoop.RunAsync(
            settings.Clients, TimeSpan.FromMinutes(2), measured.Count, sequence => grains.GetPersonGrain(measured[(int)sequence]).GetRecordAsync()));
        var load = phase.Load;
        var heapAfter = Heap();
        var activated = await ActivePersonsAsync(management) - activeBefore;
        Console.WriteLine($"    {load.Completed} activations, {load.PerSecond:0}/s; {activeBefore} person activations left before, {activated} new; {bytes:0} bytes stored each");

        var report = context.Report;
        report.Add(new Figure(Scenario, "activations from storage (closed loop, 16 clients)", "/s", load.PerSecond, null, LimitComparison.SelectRate,
            $"{load.Completed:N0} persons with {DeclaredMonths} months, after {warmUp:N0} unmeasured; {activeBefore - warmUp:N0} other person activations survived collection"));
        report.Add(new Figure(Scenario, "p50 / p99 first call (activation)", "ms", load.P50, null, LimitComparison.UpsertLatency, $"p99 {load.P99:0.0} ms"));
        report.Add(new Figure(Scenario, "write transactions per activation", "", phase.WritesPerOperation.WriteTransactions, null, LimitComparison.Commits,
            "a read-only call: any write here is an activation writing effects an older version stored with the state (idempotent)"));
        report.Add(new Figure(Scenario, "memory per active person grain", "bytes", (heapAfter - heapBefore) / Math.Max(1.0, activated), null, LimitComparison.None,
            $"managed heap growth after a full GC ÷ {activated:N0} new activations"));
        report.Add(new Figure(Scenario, "bytes per person stored", "bytes", bytes, null, LimitComparison.UpsertWal, $"octet_length(payloadbinary), JSON, {DeclaredMonths} months"));

        // The same measurement for persons enrolled with no month: what the activation and an enrolled person's state
        // cost before any month, so the figure above splits into that and the months.
        var bare = Enumerable.Range(0, persons.Count).Select(_ => TestPeople.Next(birthYear: 1976, addressCode: "440304")).ToList();
        await Parallel.ForEachAsync(bare, new ParallelOptions { MaxDegreeOfParallelism = settings.Clients }, async (person, _) =>
            await grains.GetPersonGrain(person).EnrolAsync(new EnrolPerson(Places.Shenzhen, Places.Shenzhen, new DateOnly(2024, 1, 1), Places.ShenzhenSystem)));
        await management.ForceActivationCollection(TimeSpan.Zero);
        await Parallel.ForEachAsync(bare.Take(warmUp), new ParallelOptions { MaxDegreeOfParallelism = settings.Clients },
            async (person, _) => await grains.GetPersonGrain(person).GetRecordAsync());
        var bareBefore = await ActivePersonsAsync(management);
        var bareHeapBefore = Heap();
        await Parallel.ForEachAsync(bare.Skip(warmUp), new ParallelOptions { MaxDegreeOfParallelism = settings.Clients },
            async (person, _) => await grains.GetPersonGrain(person).GetRecordAsync());
        var bareHeapAfter = Heap();
        var bareActivated = await ActivePersonsAsync(management) - bareBefore;
        var bareBytes = (bareHeapAfter - bareHeapBefore) / Math.Max(1.0, bareActivated);
        report.Add(new Figure(Scenario, "memory per active person grain, enrolled with no month", "bytes", bareBytes,
            null, LimitComparison.None, $"the same measurement, {bareActivated:N0} activations: the activation and an enrolled person's state before any month"));
        report.AddSection("Where the time goes: person grains", WhereTheTimeGoes(phase, bytes, (heapAfter - heapBefore) / Math.Max(1.0, activated), bareBytes));
    }

    private static string WhereTheTimeGoes(PhaseMeasurement phase, double stored, double memory, double bare) => string.Create(CultureInfo.InvariantCulture, $"""
        - **Activation.** A person's first call after collection reads one row ({stored:N0} bytes of JSON, 12 months) and deserializes it: {phase.CpuPerOperation.Process * 1000:0.00} ms of .NET CPU (the 16 clients and every silo in this process, Orleans placement and directory included) and {phase.CpuPerOperation.Postgres * 1000:0.00} ms of PostgreSQL per activation. No write: the state is read, not migrated.
        - **Memory.** {memory:N0} bytes per active person: {bare:N0} of them are an activation with an enrolled person's empty state (Orleans's activation record, the grain and its storage bridge, the state's empty collections; the effects lists exist only while a change is being written), the twelve months the other {memory - bare:N0}: each a 32-byte value in its segment's sorted list and an 8-byte declaration key in a dictionary, plus the spare capacity both collections keep as they grow and the interest credited for each year the months span (a tree node per year). {(memory <= 4096 ? $"Within issue 16's 4 KB by {4096 - memory:N0} bytes in this run" : $"Above issue 16's 4 KB by {memory - 4096:N0} bytes in this run")}, and successive runs of this measurement on the shared machine differ by a few hundred bytes. What would move it next: the interest history as a small array instead of two trees; below that is Orleans's own activation, which JinBao does not control.
        """);

    private static async Task<int> ActivePersonsAsync(IManagementGrain management) =>
        (await management.GetSimpleGrainStatistics())
            .Where(s => s.GrainType.Contains("InsuredPersonGrain", StringComparison.Ordinal))
            .Sum(s => s.ActivationCount);

    private static double Heap()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
