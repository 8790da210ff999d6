using System.Collections.Concurrent;
using System.Globalization;

using JinBao.Bench.Load;
using JinBao.Bench.Machine;
using JinBao.Bench.Report;
using JinBao.Bench.Scenarios.Medical;
using JinBao.Errors;
using JinBao.Grains.Clearing;
using JinBao.Grains.Medical;
using JinBao.Medical;
using JinBao.Persons;
using JinBao.Primitives;
using JinBao.Testing;

namespace JinBao.Bench.Scenarios.MedicalCross;

/// <summary>
/// Off-site medical settlement where the place of care is in another province (issue 16): Shenzhen (Guangdong) persons
/// filed long-term in Chengdu; the Chengdu hospital settles through <see cref="IMedicalSettlementGrain.SettleAsync"/> on
/// Sichuan's cluster, which asks the national exchange, which routes to Guangdong (the insuring place decides) and posts
/// the answer on the national clearing. Each bill is one in-scope line of 3,000 yuan, past the deductible.
/// The conventional baseline has no cross-province path, so there is no baseline figure.
/// </summary>
public sealed class CrossProvinceSettlementScenario : IScenario
{
    private const string Scenario = "medical settlement, cross-province";
    private const string NoBaseline = "no baseline: the plain service has no cross-province path to compare with";

    public string Name => "medical-cross";

    public async Task RunAsync(BenchContext context)
    {
        var settings = context.Settings;
        var persons = Enumerable.Range(0, settings.MedicalPersons).Select(_ => TestPeople.Next(birthYear: 1960, addressCode: "440304")).ToList();
        var run = Guid.NewGuid().ToString("N")[..8];
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)); // the care date is checked against the filing, in China's time

        var topology = await context.TopologyAsync();
        var (guangdong, sichuan) = (topology.Guangdong.Grains, topology.Sichuan.Grains);
        Console.WriteLine($"  enrolling {persons.Count} persons in Shenzhen, filed for long-term care in Chengdu");
        await Parallel.ForEachAsync(persons, new ParallelOptions { MaxDegreeOfParallelism = settings.Clients }, async (person, _) =>
        {
            await guangdong.GetPersonGrain(person).EnrolAsync(new EnrolPerson(Places.Shenzhen, Places.Shenzhen, new DateOnly(2020, 1, 1), Places.ShenzhenSystem));
            await guangdong.GetMedicalAccountGrain(person).FileAsync(
                new FileForCare(new FilingId("resettled-chengdu"), FilingType.LongTerm, Places.Chengdu, new DateOnly(today.Year, 1, 1), null, Places.ShenzhenSystem));
        });

        // When each settlement left the hospital and came back (this process's clock, the same host as the databases').
        var calls = new ConcurrentDictionary<string, (double Started, double Answered)>();
        long retries = 0;
        Console.WriteLine("  JinBao cross-province settlements");
        var phase = await PhaseMeasurement.MeasureAsync(context.Postgres.ServerConnectionString, topology.All.Select(c => (c.ConnectionString, "orleans_storage")).ToList(),
            () => ClosedLoop.RunAsync(settings.Clients, settings.ClosedLoopDuration, long.MaxValue, async sequence =>
            {
                var id = $"{run}-x{sequence}";
                var started = Epoch();
                var retried = await SettleAsync(sichuan, persons[(int)(sequence % persons.Count)], Bill(id, today));
                Interlocked.Add(ref retries, retried);
                calls[id] = (started, Epoch());
            }));
        var load = phase.Load;
        Console.WriteLine($"    {load.Completed} completed, {load.PerSecond:0}/s, p50 {load.P50:0.0} ms, p99 {load.P99:0.0} ms{(load.FirstError is { } e ? ", first error " + e : "")}");

        var hops = await SettlementHops.MeasureAsync(topology, run, calls);
        var report = context.Report;
        var note = $"closed loop, {load.Completed:N0} settlements{(load.Failed > 0 ? $", {load.Failed:N0} failed ({load.FirstError})" : "")}; {NoBaseline}";
        report.Add(new Figure(Scenario, "completed (closed loop, 16 clients)", "/s", load.PerSecond, null, LimitComparison.UpsertRate, note));
        report.Add(new Figure(Scenario, "p50 at that load", "ms", load.P50, null, LimitComparison.UpsertLatency, "the hospital's call: Sichuan → national → Guangdong and back"));
        report.Add(new Figure(Scenario, "p99 at that load", "ms", load.P99, null, LimitComparison.UpsertLatency, retries > 0 ? $"{retries:N0} retried after insuring-place-unavailable" : null));
        SettlementCosts.Report(report, Scenario, phase, baseline: null);
        report.AddSection("Where the time goes: cross-province medical settlement", Analysis(phase, hops, topology, settings.Clients, report.Upsert!));
    }

    /// <summary>As a hospital does: when the insuring place cannot be reached, it retries with the same settlement id. Returns the retries.</summary>
    private static async Task<int> SettleAsync(IGrainFactory sichuan, CitizenId person, SettleBill bill)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await sichuan.GetMedicalSettlementGrain(bill.SettlementId).SettleAsync(new SettleForPatient(person, bill));
                return attempt - 1;
            }
            catch (JinBaoException exception) when (exception.Kind == ErrorKind.Unavailable && attempt < 3)
            {
                // nothing was settled that the care place knows of; the retry gets the insuring place's one answer
            }
        }
    }

    private static SettleBill Bill(string id, DateOnly admittedOn) =>
        new(new SettlementId(id), Places.Chengdu, admittedOn, false, [new FeeLine("S90-INSCOPE", 1, Money.FromYuan(3000))], Places.ChengduHospital);

    private static double Epoch() => (DateTime.UtcNow - DateTime.UnixEpoch).TotalSeconds;

    private static string Analysis(PhaseMeasurement phase, SettlementHops hops, ExchangeTopology topology, int clients, PgbenchResult upsert)
    {
        var writes = phase.WritesPerOperation;
        var names = topology.All.Select(c => c.Id).ToList();
        var perDatabase = string.Join(", ", writes.ByDatabase.Select((d, i) =>
            string.Create(CultureInfo.InvariantCulture, $"{names[i]} {d.StateWrites:0.##} state writes + {d.AppendedRows:0.##} rows")));
        var wait = clients / Math.Max(phase.Load.PerSecond, 0.001) * 1000;
        return string.Create(CultureInfo.InvariantCulture, $"""
            A settlement crosses three clusters and two HTTP hops each way, all synchronous (the hospital waits):

            1. **Sichuan** (care place): `MedicalSettlementGrain` signs a `medical-settlement-request` and POSTs it to national (`/exchange/v1/requests`).
            2. **National** ({topology.National.Silos.Count} silos): verifies it, asks the national person index grain which province insures the person, and POSTs it on to Guangdong.
            3. **Guangdong** (insuring place): verifies it; `MedicalAccountGrain` decides with the year's accumulators and saves its state with the ledger, audit and settlement rows in one group-committed transaction, and answers a signed `medical-settlement-result`.
            4. **National**: verifies the answer and posts it on the national clearing through the one `MedicalClearingGrain` of the pair 440000-510000 (the pair's only writer: the settlements that queued while its previous write committed are posted together, in order, with one key lookup and one ledger commit; the pair's position is kept by the activation), then answers.
            5. **Sichuan**: verifies the answer and saves the settlement grain's state (one write), then answers the hospital.

            **Measured, per settlement:** {writes.WriteTransactions:0.00} write transactions across the three databases (the server's transaction counter; commits per database are not separable that way), and where the writes landed: {perDatabase}. CPU {phase.CpuPerOperation.Process * 1000:0.00} ms in .NET (the 16 clients and all {topology.All.Sum(c => c.Silos.Count)} silos in this process), {phase.CpuPerOperation.Postgres * 1000:0.00} ms in PostgreSQL. With {clients} hospitals' calls in flight at {phase.Load.PerSecond:0}/s each waits {wait:0} ms (Little's law); {writes.WriteTransactions:0.0} commits in a row at pgbench's {upsert.MeanLatencyMs:0.00} ms would be ≈ {writes.WriteTransactions * upsert.MeanLatencyMs:0} ms.

            **Where a settlement's time goes**, from the hospital's clock and the commit times of the ledger rows the deciding and the clearing steps write ({hops.Count:N0} settlements; ms, p50 / p99):

            | Segment | what happens | p50 / p99 ms |
            | --- | --- | ---: |
            | call → decided at Guangdong | Sichuan → national → index lookup → Guangdong: the account's state write and its ledger/audit effects committed | {hops.ToInsuringPlace.Cell} |
            | decided → posted on national clearing | the answer back to national, verified, queued for the pair's clearing grain, key lookups, ledger commit | {hops.ToClearing.Cell} |
            | posted → hospital answered | the answer back to Sichuan, the settlement grain's state write, back to the caller | {hops.BackToHospital.Cell} |
            | whole call | | {hops.Total.Cell} |
            """);
    }
}
