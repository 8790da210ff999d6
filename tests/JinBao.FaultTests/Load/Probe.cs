using System.Diagnostics;

using JinBao.Demo;
using JinBao.FaultTests.Topology;

namespace JinBao.FaultTests.Load;

/// <summary>
/// Asks each API for a person's record every 250 ms, once per attempt (a read that goes through a person grain, its
/// silo and the API's audit write): when both answer again after a fault ended is the fault's recovery time.
/// </summary>
public sealed class Probe : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan GiveUp = TimeSpan.FromSeconds(120);

    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private readonly CancellationTokenSource _stop = new();
    private readonly List<(DemoApi Api, string CitizenId)> _targets = [];
    private readonly Lock _gate = new();
    private readonly List<(DateTimeOffset At, bool AllAnswered)> _rounds = [];
    private Task _loop = Task.CompletedTask;

    private Probe()
    {
    }

    /// <summary>Enrols a probe person in Shenzhen and one in Chengdu (with the run's retrying clients), then starts probing.</summary>
    public static async Task<Probe> StartAsync(FaultTopology topology, JourneyDriver driver)
    {
        var probe = new Probe();
        foreach (var city in new[] { FaultTopology.Shenzhen, FaultTopology.Chengdu })
        {
            var citizenId = driver.NewJourney(JourneyKind.Contributions, "probe").CitizenId;
            var enrolled = await topology.Cities[city].System.PostAsync("/api/v1/persons", new
            {
                citizenId,
                hukouRegion = city,
                insuringCity = city,
                enrolledOn = "2025-01-01",
            }, CancellationToken.None);
            if (!enrolled.Ok)
            {
                throw new InvalidOperationException($"The probe person could not be enrolled in {city}: {enrolled.Status} {enrolled.Problem}.");
            }

            probe._targets.Add((topology.CitySystem(city, probe._http, new RetryPolicy(MaxAttempts: 1, TimeSpan.Zero, RetryServerErrors: false)), citizenId));
        }

        probe._loop = probe.LoopAsync();
        return probe;
    }

    /// <summary>How long after <paramref name="faultEnded"/> every API answered in one round; null if not within two minutes.</summary>
    public async Task<TimeSpan?> RecoveredAfterAsync(DateTimeOffset faultEnded)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < GiveUp)
        {
            lock (_gate)
            {
                foreach (var (at, all) in _rounds)
                {
                    if (at >= faultEnded && all)
                    {
                        return at - faultEnded;
                    }
                }
            }

            await Task.Delay(Interval);
        }

        return null;
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var started = DateTimeOffset.UtcNow;
            var answers = await Task.WhenAll(_targets.Select(async target =>
            {
                try
                {
                    return (await target.Api.GetAsync($"/api/v1/persons/{target.CitizenId}", _stop.Token)).Ok;
                }
                catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException or InvalidOperationException)
                {
                    return false; // no answer, or no token (the API is down)
                }
            }));
            lock (_gate)
            {
                _rounds.Add((started, answers.All(ok => ok)));
            }

            try
            {
                await Task.Delay(Interval, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
        _http.Dispose();
    }
}
