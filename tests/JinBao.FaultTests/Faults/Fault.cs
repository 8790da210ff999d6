using System.Diagnostics;

using JinBao.FaultTests.Topology;

namespace JinBao.FaultTests.Faults;

/// <summary>
/// A kind of fault the suite injects while load runs, for a given time: what an operator of a province data centre
/// lives through. <see cref="InjectAsync"/> returns once the fault is over and everything it stopped runs again.
/// </summary>
public abstract class Fault(string name, string description, string burstStep = "approve")
{
    /// <summary>
    /// The step a burst of transfers is held before until the fault strikes: Shenzhen's approval (its release follows,
    /// the moment of the findings of issue 17 under restarts), or for the national stop the stop of contributions
    /// whose word must reach the national index before Chengdu's enrolment may.
    /// </summary>
    public string BurstStep => burstStep;

    /// <summary>A short name, the row of RELIABILITY.md: <c>silo-kill</c>.</summary>
    public string Name => name;

    /// <summary>What it does, in a sentence.</summary>
    public string Description => description;

    /// <summary>Injects the fault for about <paramref name="duration"/>; returns when it has ended and what it stopped is back.</summary>
    public abstract Task InjectAsync(FaultTopology topology, TimeSpan duration, Random random, Action<string> log);

    /// <summary>Every kind, in the order the suite runs them.</summary>
    public static IReadOnlyList<Fault> All { get; } =
    [
        new NoFault(),
        new SiloKill(),
        new ApiKill(),
        new PostgresRestart(),
        new NationalStopped(),
        new ProvinceDatabaseStopped(),
    ];

    private static string Now => DateTime.UtcNow.ToString("HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The same load without a fault: what the others are compared with.</summary>
    private sealed class NoFault() : Fault("none", "no fault: the same load, for comparison")
    {
        public override Task InjectAsync(FaultTopology topology, TimeSpan duration, Random random, Action<string> log) => Task.Delay(duration);
    }

    /// <summary>kill -9 of a silo chosen at random, national included, every 10 s; each restarted 2 s later.</summary>
    private sealed class SiloKill() : ProcessKill("silo-kill", "kill -9 of a random silo (national included) every 10 s, restarted 2 s later", topology => [.. topology.Silos]);

    /// <summary>kill -9 of a province's API process, restarted 2 s later, every 10 s.</summary>
    private sealed class ApiKill() : ProcessKill("api-kill", "kill -9 of a random province API every 10 s, restarted 2 s later", topology => [.. topology.Apis]);

    /// <summary>Every 10 s, kill -9 of one of the processes chosen at random, restarted (and healthy) 2 s later.</summary>
    private abstract class ProcessKill(string name, string description, Func<FaultTopology, IReadOnlyList<JinBaoProcess>> targets) : Fault(name, description)
    {
        public override async Task InjectAsync(FaultTopology topology, TimeSpan duration, Random random, Action<string> log)
        {
            var clock = Stopwatch.StartNew();
            var processes = targets(topology);
            do
            {
                var process = processes[random.Next(processes.Count)];
                log($"{Now} kill -9 {process.Name}");
                process.Kill();
                await Task.Delay(TimeSpan.FromSeconds(2));
                await topology.RestartAsync(process);
                log($"{Now} {process.Name} healthy again");
                await Task.Delay(TimeSpan.FromSeconds(8));
            }
            while (clock.Elapsed + TimeSpan.FromSeconds(10) <= duration);
        }
    }

    /// <summary>pg_ctl restart -m fast of the one server every cluster uses, every 15 s.</summary>
    private sealed class PostgresRestart() : Fault("postgres-restart", "PostgreSQL restarted (pg_ctl restart -m fast: every connection of every cluster cut) every 15 s")
    {
        public override async Task InjectAsync(FaultTopology topology, TimeSpan duration, Random random, Action<string> log)
        {
            if (!topology.Postgres.CanRestart)
            {
                log($"{Now} not restarted: JINBAO_TEST_PG names a server the suite does not own");
                await Task.Delay(duration);
                return;
            }

            var clock = Stopwatch.StartNew();
            do
            {
                log($"{Now} pg_ctl restart -m fast");
                await topology.Postgres.RestartAsync();
                log($"{Now} PostgreSQL accepting again");
                await Task.Delay(TimeSpan.FromSeconds(15));
            }
            while (clock.Elapsed + TimeSpan.FromSeconds(15) <= duration);
        }
    }

    /// <summary>Both national silos stopped (SIGTERM) for the whole fault, then started: the exchange is down.</summary>
    private sealed class NationalStopped() : Fault("national-stopped", "the national cluster stopped (both silos, SIGTERM) for the fault's duration, then started", burstStep: "stop-contributing")
    {
        public override async Task InjectAsync(FaultTopology topology, TimeSpan duration, Random random, Action<string> log)
        {
            var national = topology.NationalSilos.ToList();
            log($"{Now} stopping {string.Join(", ", national.Select(s => s.Name))}");
            await Task.WhenAll(national.Select(silo => silo.StopAsync()));
            await Task.Delay(duration);
            log($"{Now} starting the national cluster");
            await Task.WhenAll(national.Select(topology.RestartAsync));
            log($"{Now} national healthy again");
        }
    }

    /// <summary>
    /// Sichuan's database refuses every connection for the fault's duration: connections are cut and new ones refused
    /// (<c>ALLOW_CONNECTIONS false</c>), as when one province's server is down while the others run.
    /// </summary>
    private sealed class ProvinceDatabaseStopped() : Fault("province-db-stopped", "Sichuan's database down (connections cut and refused) for the fault's duration")
    {
        public override async Task InjectAsync(FaultTopology topology, TimeSpan duration, Random random, Action<string> log)
        {
            var database = new Npgsql.NpgsqlConnectionStringBuilder(topology.Database("510000")).Database!;
            log($"{Now} {database} refuses connections");
            await Sql.ExecuteAsync(topology.Postgres.ServerConnectionString, $"ALTER DATABASE \"{database}\" ALLOW_CONNECTIONS false");
            await Sql.ExecuteAsync(topology.Postgres.ServerConnectionString,
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = @d AND pid <> pg_backend_pid()", ("d", database));
            await Task.Delay(duration);
            await Sql.ExecuteAsync(topology.Postgres.ServerConnectionString, $"ALTER DATABASE \"{database}\" ALLOW_CONNECTIONS true");
            log($"{Now} {database} accepts connections again");
        }
    }
}
