using System.Collections.Concurrent;
using System.Diagnostics;

using JinBao.Demo;
using JinBao.FaultTests.Books;
using JinBao.FaultTests.Faults;
using JinBao.FaultTests.Load;
using JinBao.FaultTests.Topology;

namespace JinBao.FaultTests;

/// <summary>How long and how hard a run is.</summary>
/// <param name="Phase">Load per fault kind: new persons start for at least this long, and until the fault has ended.</param>
/// <param name="FaultDuration">How long each fault lasts (the national stop, the province database down; kills repeat within it).</param>
/// <param name="JourneysPerSecond">New persons started per second during a phase.</param>
/// <param name="Settle">After the last phase, how long open transfers may take to complete.</param>
/// <param name="Burst">Transfers started at each phase's start and held before the fault's step until it strikes.</param>
public sealed record FaultRunSettings(TimeSpan Phase, TimeSpan FaultDuration, double JourneysPerSecond, TimeSpan Settle, int Burst)
{
    /// <summary>The longest the burst is waited for before the fault strikes anyway.</summary>
    public static TimeSpan BurstTimeout => TimeSpan.FromSeconds(30);

    /// <summary>The CI run: every fault kind once, briefly (about three minutes with start-up, inside CI's time budget).</summary>
    public static FaultRunSettings Bounded { get; } = new(TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(12), 1.5, TimeSpan.FromSeconds(90), Burst: 8);

    /// <summary>The run behind RELIABILITY.md: a minute of each fault under more load.</summary>
    public static FaultRunSettings Long { get; } = new(TimeSpan.FromSeconds(70), TimeSpan.FromSeconds(60), 3, TimeSpan.FromSeconds(180), Burst: 30);
}

/// <summary>One fault kind's row: what the clients saw during its phase and what the books say of its journeys.</summary>
public sealed record PhaseResult(Fault Fault, IReadOnlyList<Journey> Journeys, Attempts.Counts Attempts, QueueSampler.Peak Queues, TimeSpan? Recovery, IReadOnlyList<string> Log)
{
    public int Requests => Journeys.Sum(j => j.Outcomes.Count);

    public int Accepted => Journeys.Sum(j => j.Outcomes.Count(o => o.Accepted));

    public int Refused => Journeys.Sum(j => j.Outcomes.Count(o => o.Refused));

    public int Unanswered => Journeys.Sum(j => j.Outcomes.Count(o => o.Unanswered));

    public int Completed => Journeys.Count(j => j.Completed);
}

/// <summary>
/// A fault run: the topology started, then for each fault kind a phase of mixed load with the fault injected, then a
/// settle period, then the books of every database checked against what the clients were told.
/// </summary>
public sealed class FaultRun(FaultRunSettings settings, Action<string> log)
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    public async Task<FaultRunReport> RunAsync(IReadOnlyList<Fault> faults, int seed)
    {
        var attempts = new Attempts();
        // Up to ~80 s of retries with the same key: longer than any fault, so a client never gives up on a fault that ends.
        var retry = new RetryPolicy(MaxAttempts: 50, MaxDelay: TimeSpan.FromSeconds(2), RetryServerErrors: true) { OnAttempt = attempts.Record };
        using var http = new HttpClient { Timeout = RequestTimeout };
        var started = Stopwatch.StartNew();
        await using var topology = await FaultTopology.StartAsync(retry, http);
        log($"topology started in {started.Elapsed.TotalSeconds:0} s; logs in {topology.Folder}/logs");

        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        var driver = new JourneyDriver(topology.Cities, today);
        var probe = await Probe.StartAsync(topology, driver);
        await using var queues = new QueueSampler([.. topology.Databases.Values], () => attempts.Phase);
        var random = new Random(seed);
        var running = new ConcurrentBag<Task>();
        var phases = new List<PhaseResult>();
        using var stop = new CancellationTokenSource();
        foreach (var fault in faults)
        {
            attempts.Phase = fault.Name;
            var journeys = new ConcurrentBag<Journey>();
            var faultLog = new ConcurrentQueue<string>();
            var phase = Stopwatch.StartNew();

            // The burst: transfers held just before the fault's step, released 20 ms before it strikes.
            var gate = new StepGate(fault.BurstStep, settings.Burst);
            for (var i = 0; i < settings.Burst; i++)
            {
                var journey = driver.NewJourney(JourneyKind.Transfer, fault.Name, gate);
                journeys.Add(journey);
                running.Add(Task.Run(() => driver.RunAsync(journey, stop.Token)));
            }

            var injection = Task.Run(async () =>
            {
                await gate.WaitForArrivalsAsync(FaultRunSettings.BurstTimeout);
                var held = $"{gate.Arrived} transfers held before {gate.Step}, released 20 ms before the fault";
                faultLog.Enqueue(held);
                log(held);
                gate.Open();
                await Task.Delay(20);
                await fault.InjectAsync(topology, settings.FaultDuration, random, line => { faultLog.Enqueue(line); log(line); });
                return DateTimeOffset.UtcNow;
            });

            // New persons at a steady rate while the fault runs; each journey goes on (retrying) after the phase ends.
            var interval = TimeSpan.FromSeconds(1 / settings.JourneysPerSecond);
            var kinds = Enum.GetValues<JourneyKind>();
            for (var i = 0; phase.Elapsed < settings.Phase || !injection.IsCompleted; i++)
            {
                var journey = driver.NewJourney(kinds[i % kinds.Length], fault.Name);
                journeys.Add(journey);
                running.Add(Task.Run(() => driver.RunAsync(journey, stop.Token)));
                await Task.Delay(interval);
            }

            var faultEnded = await injection;
            var recovery = await probe.RecoveredAfterAsync(faultEnded);
            log($"{fault.Name}: {journeys.Count} journeys started; answering again {recovery?.TotalSeconds:0.0} s after the fault ended");
            phases.Add(new PhaseResult(fault, [.. journeys], attempts.Of(fault.Name), queues.Of(fault.Name), recovery, [.. faultLog]));
        }

        attempts.Phase = "settle";
        log($"settling: open transfers have {settings.Settle.TotalSeconds:0} s to complete");
        var deadline = Task.Delay(settings.Settle);
        var all = Task.WhenAll(running);
        if (await Task.WhenAny(all, deadline) != all)
        {
            await stop.CancelAsync();
            await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(10)));
        }

        await probe.DisposeAsync();
        var books = await BookChecks.RunAsync(topology, phases.SelectMany(p => p.Journeys).ToList(), log);
        return new FaultRunReport(settings, phases, books, started.Elapsed, topology.Folder);
    }
}
