using System.Diagnostics;

using JinBao.Bench.Load;
using JinBao.Bench.Machine;
using JinBao.Bench.Scenarios.Medical;
using JinBao.Grains.Supervision;
using JinBao.Medical;
using JinBao.Persons;
using JinBao.Supervision;
using JinBao.Testing;

using Microsoft.Extensions.DependencyInjection;

using Npgsql;

using Orleans.Streams;

namespace JinBao.Bench.Scenarios.EventStream;

/// <summary>
/// What the business-event stream (issue 20) costs the settlement path: the medical scenario's closed loop on Guangdong,
/// with the stream on (as deployed) and off (<c>Supervision:Stream=off</c>: no pulling agent, the supervision grain
/// counts nothing; the events are written either way). Three phases on the same persons, on → off → on, so drift over
/// the run falls on both sides: each on the cluster's silos freshly restarted with the stream on or off, after a short
/// unmeasured warm-up (activations back from storage) and, with the stream on, once the supervision grain has counted the whole log.
/// After each loop with the stream on, how far the supervision grain was behind and how long it took to count the rest.
/// </summary>
public sealed class EventStreamCostScenario : IScenario
{
    /// <summary>The configuration key <c>Supervision:Stream</c> as an environment variable, which the silo host's configuration reads.</summary>
    private const string StreamVariable = SupervisionThresholds.SectionName + "__Stream";

    public string Name => "stream";

    public async Task RunAsync(BenchContext context)
    {
        var settings = context.Settings;
        var persons = Enumerable.Range(0, settings.MedicalPersons).Select(_ => TestPeople.Next(birthYear: 1960, addressCode: "440304")).ToList();
        var run = Guid.NewGuid().ToString("N")[..8];
        var topology = await context.TopologyAsync();
        var guangdong = topology.Guangdong;
        Console.WriteLine($"  enrolling and filing {persons.Count} persons");
        var grains = guangdong.Grains;
        await Parallel.ForEachAsync(persons, new ParallelOptions { MaxDegreeOfParallelism = settings.Clients }, async (person, _) =>
        {
            await grains.GetPersonGrain(person).EnrolAsync(new EnrolPerson(Places.Shenzhen, Places.Shenzhen, new DateOnly(2020, 1, 1), Places.ShenzhenSystem));
            await grains.GetMedicalAccountGrain(person).FileAsync(MedicalSettlementScenario.Filing());
        });

        long sequence = 0;
        Task Settle(IGrainFactory factory, long _)
        {
            var n = Interlocked.Increment(ref sequence);
            return factory.GetMedicalAccountGrain(persons[(int)(n % persons.Count)]).SettleAsync(MedicalSettlementScenario.Bill($"{run}-e{n}"));
        }

        // An account keeps its latest settlements in its state, so its first few settlements write a smaller state
        // than later ones: unmeasured, every person is settled that many times first, or the first phase would be the cheapest.
        Console.WriteLine($"  settling each person {MedicalAccount.RecentSettlements} times (unmeasured: accounts at their full size)");
        await ClosedLoop.RunAsync(settings.Clients, TimeSpan.FromMinutes(10), (long)persons.Count * MedicalAccount.RecentSettlements, n => Settle(grains, n));

        var probe = new Probe(context, topology, guangdong, Settle);

        // Every phase starts on freshly started silos (the same code, already compiled in this process), so on and off
        // differ only by the stream: the restart itself costs the next phase nothing it would not cost the others.
        EventStreamPhase on1, off, on2;
        CatchUp afterOff;
        var offline = false;
        try
        {
            await RestartAsync(topology, guangdong, streamOn: true);
            var before = await probe.CatchUpAsync();
            Console.WriteLine($"  the supervision grain had {before.Backlog:N0} events left to count from earlier work: {Describe(before)}");
            on1 = await probe.PhaseAsync("stream on (before)", streamOn: true);
            offline = true;
            await RestartAsync(topology, guangdong, streamOn: false);
            off = await probe.PhaseAsync("stream off", streamOn: false);
            var starting = await RestartAsync(topology, guangdong, streamOn: true);
            offline = false;
            // Counted up to the end of the first phase; the pulling agent starts with the silos, so it is timed from there.
            afterOff = await probe.CatchUpAsync(starting);
            Console.WriteLine($"  stream on again: the off phase's {afterOff.Backlog:N0} events {Describe(afterOff)} from the silos' start");
            on2 = await probe.PhaseAsync("stream on (after)", streamOn: true);
        }
        finally
        {
            if (offline)
            {
                // Later scenarios measure the cluster as deployed.
                await RestartAsync(topology, guangdong, streamOn: true);
            }
        }

        EventStreamReport.Write(context.Report, on1, off, on2, afterOff, probe.WarmUp.TotalSeconds);
    }

    private static string Describe(CatchUp catchUp) => catchUp.CaughtUp
        ? $"counted in {catchUp.Seconds:0.0} s"
        : $"not all counted after {catchUp.Seconds:0} s ({catchUp.Left:N0} left)";

    /// <summary>
    /// Stops every silo of the cluster and starts it again with <c>Supervision:Stream</c> on or off. The silo host reads
    /// the process's environment when it is built, so the variable is set only around the start.
    /// </summary>
    /// <returns>A clock started when the silos began to start.</returns>
    private static async Task<Stopwatch> RestartAsync(ExchangeTopology topology, TopologyCluster cluster, bool streamOn)
    {
        var clock = Stopwatch.StartNew();
        var saved = Environment.GetEnvironmentVariable(StreamVariable);
        await topology.StopAsync(cluster);
        var stopped = clock.Elapsed;
        var starting = Stopwatch.StartNew();
        Environment.SetEnvironmentVariable(StreamVariable, streamOn ? "on" : "off");
        try
        {
            await topology.StartAsync(cluster);
        }
        finally
        {
            Environment.SetEnvironmentVariable(StreamVariable, saved);
        }

        ExpectStream(cluster, streamOn);
        Console.WriteLine($"  {cluster.Id} restarted with {StreamVariable}={(streamOn ? "on" : "off")}: stopped in {stopped.TotalSeconds:0.0} s, started in {starting.Elapsed.TotalSeconds:0.0} s");
        return starting;
    }

    /// <summary>Fails the scenario unless every silo of the cluster has (or lacks) the stream provider, as the phase needs.</summary>
    private static void ExpectStream(TopologyCluster cluster, bool on)
    {
        var with = cluster.Hosts.Count(h => h.Services.GetKeyedService<IStreamProvider>(BusinessEvents.ProviderName) is not null);
        if (with != (on ? cluster.Hosts.Count : 0))
        {
            throw new InvalidOperationException($"{cluster.Id}: {with} of {cluster.Hosts.Count} silos have the business-event stream; expected it {(on ? "on" : "off")} (is {StreamVariable} set in the environment?)");
        }
    }

    /// <summary>Runs the phases on the cluster's current silos and reads the supervision grain and the event log around them.</summary>
    private sealed class Probe(BenchContext context, ExchangeTopology topology, TopologyCluster cluster, Func<IGrainFactory, long, Task> settle)
    {
        private readonly string _database = new NpgsqlConnectionStringBuilder(cluster.ConnectionString).Database!;
        private long _counted; // the supervision grain's count when it last caught up here

        private TimeSpan CatchUpTimeout => TimeSpan.FromSeconds(context.Settings.Quick ? 15 : 60);

        public TimeSpan WarmUp => TimeSpan.FromSeconds(context.Settings.Quick ? 1 : 3);

        public async Task<EventStreamPhase> PhaseAsync(string label, bool streamOn)
        {
            var settings = context.Settings;
            var grains = cluster.Grains; // the silos of this phase (a restart replaces them)
            Task Settle(long n) => settle(grains, n);

            // Unmeasured: activations back from storage after a restart, and (stream on) the warm-up's events counted.
            await ClosedLoop.RunAsync(settings.Clients, WarmUp, long.MaxValue, Settle);
            if (streamOn)
            {
                await CatchUpAsync();
            }

            // With the stream off the supervision grain is not asked: it cannot activate then (EventLog is registered
            // with the stream). Its row's version (deliveries) shows that it counted nothing.
            var (loggedBefore, countedBefore, deliveriesBefore) = (await LoggedAsync(), streamOn ? await CountedAsync(grains) : 0, await DeliveriesAsync());
            Console.WriteLine($"  {label}");
            var phase = await PhaseMeasurement.MeasureAsync(context.Postgres.ServerConnectionString,
                topology.All.Select(c => (c.ConnectionString, "orleans_storage")).ToList(),
                () => ClosedLoop.RunAsync(settings.Clients, settings.ClosedLoopDuration, long.MaxValue, Settle));
            var reads = await LogReadsAsync();
            var (loggedAfter, countedAfter, deliveriesAfter) = (await LoggedAsync(), streamOn ? await CountedAsync(grains) : 0, await DeliveriesAsync());
            CatchUp? lag = streamOn ? await CatchUpAsync() : null;
            var result = new EventStreamPhase(label, streamOn, phase, loggedAfter - loggedBefore, countedAfter - countedBefore,
                deliveriesAfter - deliveriesBefore, reads, lag);
            Console.WriteLine($"    {phase.Load.PerSecond:0}/s, p50 {phase.Load.P50:0.0} ms, p99 {phase.Load.P99:0.0} ms, {phase.Load.Failed} failed; " +
                $"{result.EventsWritten:N0} events written, {result.EventsCountedInLoop:N0} counted in the loop by {result.Deliveries:N0} deliveries" +
                (lag is { } l ? $"; {l.Backlog:N0} behind at its end, {Describe(l)}" : ""));
            return result;
        }

        /// <summary>
        /// Waits until the supervision grain has counted every event in the log (as it stands now). With
        /// <paramref name="since"/> (the stream was off), the backlog is what the log gained since the grain last
        /// caught up here, and the time runs from that clock.
        /// </summary>
        public async Task<CatchUp> CatchUpAsync(Stopwatch? since = null)
        {
            var grains = cluster.Grains;
            var logged = await LoggedAsync();
            var first = since is null ? await CountedAsync(grains) : _counted;
            var clock = since ?? Stopwatch.StartNew();
            var counted = await CountedAsync(grains);
            while (counted < logged && clock.Elapsed < CatchUpTimeout)
            {
                await Task.Delay(50);
                counted = await CountedAsync(grains);
            }

            _counted = counted;
            return new CatchUp(logged - first, clock.Elapsed.TotalSeconds, counted >= logged, Math.Max(0, logged - counted));
        }

        private static async Task<long> CountedAsync(IGrainFactory grains) =>
            (await grains.GetGrain<ISupervisionGrain>(SupervisionGrains.Key).GetStatisticsAsync()).EventsCounted;

        private async Task<long> LoggedAsync() => (long)await BenchSql.DoubleAsync(cluster.ConnectionString, "SELECT count(*) FROM jinbao_events");

        /// <summary>The supervision grain's state writes so far (its row's version): one per delivered batch.</summary>
        private async Task<long> DeliveriesAsync() => (long)await BenchSql.DoubleAsync(cluster.ConnectionString,
            "SELECT coalesce(sum(version), 0) FROM orleans_storage WHERE graintypestring = 'supervision'");

        /// <summary>The stream's reads of this cluster's log since the phase's profile began (pg_stat_statements), and their share of all statement time.</summary>
        private async Task<LogReads> LogReadsAsync()
        {
            var rows = await BenchSql.RowsAsync(context.Postgres.ServerConnectionString, $"""
                SELECT coalesce(sum(s.calls) FILTER (WHERE d.datname = '{_database.Replace("'", "''", StringComparison.Ordinal)}' AND s.query LIKE '%FROM jinbao_events%pg_snapshot_xmin%'), 0)::float8,
                       coalesce(sum(s.total_exec_time) FILTER (WHERE d.datname = '{_database.Replace("'", "''", StringComparison.Ordinal)}' AND s.query LIKE '%FROM jinbao_events%pg_snapshot_xmin%'), 0)::float8,
                       coalesce(sum(s.total_exec_time), 0)::float8
                FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
                WHERE s.query NOT LIKE '%pg_stat_activity%' AND s.query NOT LIKE '%pg_stat_statements%'
                """);
            return new LogReads((double)rows[0][0], (double)rows[0][1], (double)rows[0][2]);
        }
    }
}

/// <summary>How long the supervision grain took to count what the log held when asked: <paramref name="Backlog"/> events behind at the start.</summary>
public sealed record CatchUp(long Backlog, double Seconds, bool CaughtUp, long Left)
{
    /// <summary>Events counted per second over the whole wait (a start-up in it included): a lower bound of the grain's rate.</summary>
    public double PerSecond => Seconds > 0 ? (Backlog - Left) / Seconds : double.NaN;
}

/// <summary>The stream's reads of the log during a loop (pg_stat_statements): how many, their time, and all statements' time.</summary>
public sealed record LogReads(double Calls, double TotalMs, double AllStatementsMs);

/// <summary>One closed-loop phase of the comparison, and what the supervision grain did during it.</summary>
public sealed record EventStreamPhase(string Label, bool StreamOn, PhaseMeasurement Measurement, long EventsWritten, long EventsCountedInLoop, long Deliveries, LogReads Reads, CatchUp? Lag)
{
    public LoadResult Load => Measurement.Load;
}
