using JinBao.Bench.Baseline;
using JinBao.Bench.Load;
using JinBao.Bench.Machine;
using JinBao.Bench.Report;
using JinBao.Bench.Scenarios.Medical;
using JinBao.Persons;
using JinBao.Primitives;
using JinBao.Testing;
using JinBao.Transfers;

using Npgsql;

namespace JinBao.Bench.Scenarios.Transfers;

/// <summary>
/// Cross-province pension transfers end to end, Shenzhen (Guangdong) → Chengdu (Sichuan) through the national
/// exchange, with no clerk: Chengdu approves the application and Shenzhen releases by policy. Each client applies and
/// polls the new place until the transfer is completed there; the time per transfer is apply → completed.
/// </summary>
public sealed class PensionTransferScenario : IScenario
{
    private const string Scenario = "pension transfer";
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(25);
    private static readonly TimeSpan TransferTimeout = TimeSpan.FromSeconds(120);

    public string Name => "transfer";

    public async Task RunAsync(BenchContext context)
    {
        var settings = context.Settings;
        var duration = settings.ClosedLoopDuration * 2;
        var topology = await context.TopologyAsync();
        var (guangdong, sichuan) = (topology.Guangdong.Grains, topology.Sichuan.Grains);
        var persons = Enumerable.Range(0, settings.TransferPersons).Select(_ => TestPeople.Next(birthYear: 1985, addressCode: "510104")).ToList();
        var warmUp = Enumerable.Range(0, settings.TransferWarmUp).Select(_ => TestPeople.Next(birthYear: 1985, addressCode: "510104")).ToList();
        Console.WriteLine($"  insuring {persons.Count} + {warmUp.Count} persons in Shenzhen then Chengdu (JinBao)");
        await Parallel.ForEachAsync(persons.Concat(warmUp), new ParallelOptions { MaxDegreeOfParallelism = settings.Clients },
            async (person, _) => await TransferHistories.InsureAsync(guangdong, sichuan, person));

        // Both systems first move a few persons unmeasured: the first transfers of a process compile its code (JIT), which
        // a silo does once after it starts, not per transfer.
        Console.WriteLine($"  JinBao warm-up: {warmUp.Count} transfers");
        await ClosedLoop.RunAsync(settings.Clients, duration, warmUp.Count, sequence => TransferAsync(sichuan, warmUp[(int)sequence], $"bench-warm-up-{sequence}"));
        await DrainOutboxesAsync(topology.All.Select(c => c.ConnectionString));

        Console.WriteLine("  JinBao transfers");
        var since = await BenchSql.DoubleAsync(topology.National.ConnectionString, "SELECT extract(epoch FROM clock_timestamp())"); // the databases' clock
        var databases = topology.All.Select(c => (c.ConnectionString, "orleans_storage")).ToList();
        var jinBao = await PhaseMeasurement.MeasureAsync(context.Postgres.ServerConnectionString, databases, async () =>
        {
            var result = await ClosedLoop.RunAsync(settings.Clients, duration, persons.Count, sequence => TransferAsync(sichuan, persons[(int)sequence], $"bench-{sequence}"));
            await DrainOutboxesAsync(topology.All.Select(c => c.ConnectionString)); // the old place's completion and the clearing follow
            return result;
        });
        Console.WriteLine($"    {jinBao.Load.Completed} completed, {jinBao.Load.PerSecond:0.0}/s, p50 {jinBao.Load.P50:0} ms, p99 {jinBao.Load.P99:0} ms{(jinBao.Load.FirstError is { } e ? ", first error " + e : "")}");

        var hops = await TransferHops.MeasureAsync(topology, since);
        var retries = await ExchangeRetriesAsync(topology);
        Console.WriteLine($"    exchange retries: {retries}");

        Console.WriteLine("  baseline transfers");
        var baselineDatabases = await BaselineDatabasesAsync(context);
        await using var nationalSource = NpgsqlDataSource.Create(baselineDatabases[0].ConnectionString);
        await using var guangdongSource = NpgsqlDataSource.Create(baselineDatabases[1].ConnectionString);
        await using var sichuanSource = NpgsqlDataSource.Create(baselineDatabases[2].ConnectionString);
        var baselinePersons = Enumerable.Range(0, settings.TransferPersons * 4 + settings.TransferWarmUp).Select(_ => TestPeople.Next(birthYear: 1985, addressCode: "510104")).ToList();
        var histories = baselinePersons.Select(p => (Person: p, States: TransferHistories.InMemory(p))).ToList();
        await PersonRows.InsertAsync(guangdongSource, histories.Select(h => (h.Person.Value, h.States.Guangdong, TransferHistories.NoMedical())));
        await PersonRows.InsertAsync(sichuanSource, histories.Select(h => (h.Person.Value, h.States.Sichuan, TransferHistories.NoMedical())));
        await BenchSql.ExecuteAsync(baselineDatabases[0].ConnectionString,
            $"INSERT INTO baseline_person_index (citizen_id, custody_province) SELECT unnest(ARRAY['{string.Join("','", baselinePersons.Select(p => p.Value))}']), '440000'");
        var service = new BaselineTransferService(nationalSource, guangdongSource, sichuanSource);
        var baselineWarmUp = baselinePersons.Count - settings.TransferWarmUp;
        await ClosedLoop.RunAsync(settings.Clients, duration, settings.TransferWarmUp,
            sequence => service.TransferAsync(baselinePersons[baselineWarmUp + (int)sequence], TransferId.New()));
        var baseline = await PhaseMeasurement.MeasureAsync(context.Postgres.ServerConnectionString, baselineDatabases,
            () => ClosedLoop.RunAsync(settings.Clients, duration, baselineWarmUp, sequence => service.TransferAsync(baselinePersons[(int)sequence], TransferId.New())));
        Console.WriteLine($"    {baseline.Load.Completed} completed, {baseline.Load.PerSecond:0.0}/s, p50 {baseline.Load.P50:0} ms, p99 {baseline.Load.P99:0} ms");

        var report = context.Report;
        var note = $"{jinBao.Load.Completed:N0} / {baseline.Load.Completed:N0} transfers{(jinBao.Load.Completed >= persons.Count ? " (JinBao: every prepared person moved before the time was up)" : "")}";
        report.Add(new Figure(Scenario, "completed (closed loop, 16 clients)", "/s", jinBao.Load.PerSecond, baseline.Load.PerSecond, LimitComparison.UpsertRate, note));
        report.Add(new Figure(Scenario, "p50 time per transfer", "ms", jinBao.Load.P50, baseline.Load.P50, LimitComparison.UpsertLatency,
            $"JinBao: apply → completed at the new place, polled every {PollInterval.TotalMilliseconds:0} ms"));
        report.Add(new Figure(Scenario, "p99 time per transfer", "ms", jinBao.Load.P99, baseline.Load.P99, LimitComparison.UpsertLatency));
        SettlementCosts.Report(report, Scenario, jinBao, baseline);
        report.AddSection("Where the time goes: pension transfer", TransferAnalysis.Write(jinBao, baseline, hops, retries, settings.Clients, topology.National.Silos.Count, report.Upsert!));
    }

    private static async Task TransferAsync(IGrainFactory sichuan, CitizenId person, string requestId)
    {
        var transfer = sichuan.GetTransferGrain(TransferId.New());
        var started = DateTime.UtcNow;
        await transfer.ApplyAsync(new ApplyForTransfer(person, Places.Shenzhen, Places.Chengdu, new Requester(Places.ChengduSystem.Actor, requestId)));
        while (true)
        {
            var view = await transfer.GetAsync();
            if (view.Status == TransferStatus.Completed)
            {
                return;
            }

            if (view.Status is TransferStatus.Rejected or TransferStatus.Cancelled || DateTime.UtcNow - started > TransferTimeout)
            {
                throw new InvalidOperationException($"Transfer {view.Id} ended {view.Status}: {view.RejectionReason}");
            }

            await Task.Delay(PollInterval);
        }
    }

    /// <summary>Waits (≤ 30 s) until every cluster's outbox is delivered, so the counters include the whole of each transfer.</summary>
    private static Task DrainOutboxesAsync(IEnumerable<string> databases) => Retry.UntilAsync(async () =>
    {
        foreach (var database in databases)
        {
            if (await BenchSql.DoubleAsync(database, "SELECT count(*) FROM jinbao_outbox WHERE delivered_at IS NULL") > 0)
            {
                return false;
            }
        }

        return true;
    }, TimeSpan.FromSeconds(30));

    /// <summary>Documents that needed more than one attempt to send or apply, by cluster and last error: the exchange's retries.</summary>
    private static async Task<string> ExchangeRetriesAsync(ExchangeTopology topology)
    {
        var lines = new List<string>();
        foreach (var cluster in topology.All)
        {
            foreach (var table in new[] { "jinbao_outbox", "jinbao_inbox" })
            {
                var rows = await BenchSql.RowsAsync(cluster.ConnectionString,
                    $"SELECT type, left(coalesce(last_error, ''), 160), count(*), sum(attempts) FROM {table} WHERE attempts > 1 GROUP BY 1, 2 ORDER BY 3 DESC LIMIT 3");
                lines.AddRange(rows.Select(r => $"{cluster.Id} {table} {r[0]}: {r[2]} documents, {r[3]} attempts, last error \"{r[1]}\""));
            }
        }

        return lines.Count == 0 ? "none" : string.Join("; ", lines);
    }

    private static async Task<IReadOnlyList<(string ConnectionString, string StateTable)>> BaselineDatabasesAsync(BenchContext context)
    {
        var databases = new List<(string, string)>();
        foreach (var name in new[] { "baseline_national", "baseline_guangdong", "baseline_sichuan" })
        {
            var database = await context.Postgres.CreateDatabaseAsync(name);
            await BaselineSchema.CreateAsync(database);
            databases.Add((database, BaselineSchema.StateVersions));
        }

        return databases;
    }
}
