using System.Globalization;

using JinBao.Demo;
using JinBao.FaultTests.Topology;
using JinBao.Primitives;

namespace JinBao.FaultTests.Load;

/// <summary>
/// Drives journeys through the public APIs as the city systems would, with the demo's client: every change under its
/// own Idempotency-Key, retried with that key through 503s, dropped connections and restarts. A transfer is applied in
/// Chengdu (which approves complete applications itself) and approved in Shenzhen once its contact letter has
/// arrived there, then followed until Chengdu says completed or the run's settle deadline passes.
/// </summary>
public sealed class JourneyDriver(IReadOnlyDictionary<string, DemoCity> cities, DateOnly today)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    private readonly SyntheticPeople _people = new(new Random());
    private readonly Lock _peopleGate = new();

    private DemoCity ShenzhenCity => cities[FaultTopology.Shenzhen];

    private DemoCity ChengduCity => cities[FaultTopology.Chengdu];

    private int LastMonth => checked((today.Year * 12) + today.Month - 2); // the last complete month

    /// <summary>A new person for a journey of this kind; transferring persons have their hukou in Chengdu.</summary>
    public Journey NewJourney(JourneyKind kind, string phase, StepGate? gate = null)
    {
        lock (_peopleGate)
        {
            return new Journey(_people.NextCitizenId(kind == JourneyKind.Transfer ? "510101" : "440301"), kind, phase) { Gate = gate };
        }
    }

    /// <summary>Runs the journey to its end, or until <paramref name="cancellationToken"/> (the run's settle deadline).</summary>
    public async Task RunAsync(Journey journey, CancellationToken cancellationToken)
    {
        try
        {
            await WalkAsync(journey, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            journey.Stuck = (cancellationToken.IsCancellationRequested ? "at the settle deadline: " : "") + (journey.Stuck ?? "under way");
        }
    }

    private async Task WalkAsync(Journey journey, CancellationToken cancellationToken)
    {
        var months = journey.Kind == JourneyKind.Contributions ? 3 : 2;
        var firstMonth = LastMonth - months + 1;
        if (await StepAsync(journey, "enrol", () => ShenzhenCity.System.PostAsync("/api/v1/persons", new
        {
            citizenId = journey.CitizenId,
            hukouRegion = journey.Kind == JourneyKind.Transfer ? FaultTopology.Chengdu : FaultTopology.Shenzhen,
            insuringCity = FaultTopology.Shenzhen,
            enrolledOn = Day(DemoPerson.FirstDay(firstMonth)),
        }, cancellationToken), cancellationToken) is null)
        {
            return;
        }

        for (var month = firstMonth; month <= LastMonth; month++)
        {
            var text = DemoPerson.Month(month);
            if (await StepAsync(journey, "declare", () => ShenzhenCity.System.PostAsync($"/api/v1/persons/{journey.CitizenId}/contributions",
                new { month = text, declaredBaseFen = 800_000L + (month % 7 * 10_000L) }, cancellationToken), cancellationToken) is null)
            {
                return;
            }

            journey.DeclaredMonths.Add(text);
        }

        journey.Completed = journey.Kind switch
        {
            JourneyKind.Transfer => await TransferAsync(journey, cancellationToken),
            JourneyKind.Settlement => await SettleAsync(journey, cancellationToken),
            _ => true,
        };
    }

    private async Task<bool> TransferAsync(Journey journey, CancellationToken cancellationToken)
    {
        var lastDay = DemoPerson.FirstDay(LastMonth + 1).AddDays(-1);
        if (await StepAsync(journey, "stop-contributing", () => ShenzhenCity.System.PostAsync($"/api/v1/persons/{journey.CitizenId}/stop-contributing",
                new { stoppedOn = Day(lastDay) }, cancellationToken), cancellationToken) is null
            || await StepAsync(journey, "enrol-in-chengdu", () => ChengduCity.System.PostAsync("/api/v1/persons", new
            {
                citizenId = journey.CitizenId,
                hukouRegion = FaultTopology.Chengdu,
                insuringCity = FaultTopology.Chengdu,
                enrolledOn = Day(today),
            }, cancellationToken), cancellationToken) is null
            || await StepAsync(journey, "apply", () => ChengduCity.System.PostAsync("/api/v1/pension-transfers",
                new { citizenId = journey.CitizenId, fromCity = FaultTopology.Shenzhen }, cancellationToken), cancellationToken) is not { } applied
            || applied.Text("id") is not { } id)
        {
            return false;
        }

        journey.TransferId = id;
        var approved = false;
        while (true)
        {
            ApiAnswer view;
            try
            {
                view = await ChengduCity.System.GetAsync($"/api/v1/pension-transfers/{id}", cancellationToken);
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                await Task.Delay(PollInterval, cancellationToken);
                continue; // a read: the next poll asks again
            }

            var status = view.Text("status");
            if (status == "completed")
            {
                return true;
            }

            if (status is "rejected" or "cancelled")
            {
                journey.Stuck = "transfer " + status;
                return false;
            }

            // Approved once Shenzhen's own view awaits it: the contact letter has arrived there (Chengdu's view runs ahead).
            if (!approved && view.Text("awaitingCity") == FaultTopology.Shenzhen && await AwaitsShenzhenAsync(id, cancellationToken))
            {
                var answer = await StepAsync(journey, "approve", () => ShenzhenCity.System.PostAsync($"/api/v1/pension-transfers/{id}/approve",
                    new { reason = "fault suite: complete, no arrears" }, cancellationToken), cancellationToken);
                if (answer is null)
                {
                    return false;
                }

                approved = true;
            }

            journey.Stuck = $"transfer {status ?? view.Problem} awaiting {view.Text("awaitingCity") ?? "no one"}";
            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    private async Task<bool> AwaitsShenzhenAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            return (await ShenzhenCity.System.GetAsync($"/api/v1/pension-transfers/{id}", cancellationToken)).Text("awaitingCity") == FaultTopology.Shenzhen;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false; // a read: the next poll asks again
        }
    }

    private async Task<bool> SettleAsync(Journey journey, CancellationToken cancellationToken)
    {
        if (await StepAsync(journey, "file-for-care", () => ShenzhenCity.System.PostAsync($"/api/v1/persons/{journey.CitizenId}/medical/filings", new
            {
                type = "long-term",
                careCity = FaultTopology.Chengdu,
                validFrom = Day(new DateOnly(today.Year, 1, 1)),
            }, cancellationToken), cancellationToken) is null)
        {
            return false;
        }

        var settlementId = $"FAULT-{Guid.NewGuid():N}";
        if (await StepAsync(journey, "settle", () => ChengduCity.System.PostAsync("/api/v1/medical/settlements", new
            {
                settlementId,
                citizenId = journey.CitizenId,
                admittedOn = Day(today),
                lines = new[]
                {
                    new { itemCode = "S91-CLASSB", quantity = 1, unitPriceFen = 1_000_000L },
                    new { itemCode = "S90-INSCOPE", quantity = 1, unitPriceFen = 3_700_000L },
                },
            }, cancellationToken), cancellationToken) is null)
        {
            return false;
        }

        journey.SettlementId = settlementId;
        return true;
    }

    // Waits at the journey's gate if this is its step; records the request's last answer and returns it when accepted,
    // null otherwise: a journey goes on only after an accepted step, as a city system would.
    private static async Task<ApiAnswer?> StepAsync(Journey journey, string operation, Func<Task<ApiAnswer>> request, CancellationToken cancellationToken)
    {
        if (journey.Gate is { } gate && gate.Step == operation)
        {
            await gate.PassAsync(cancellationToken);
        }

        ApiAnswer answer;
        try
        {
            answer = await request();
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            // The client's retries ran out, or the run's settle deadline came while it still retried.
            journey.Record(new Outcome(operation, null, exception.GetType().Name));
            journey.Stuck = operation + ": no answer";
            throw new OperationCanceledException(journey.Stuck, exception);
        }

        journey.Record(new Outcome(operation, answer.Status, answer.Problem));
        if (!answer.Ok)
        {
            journey.Stuck = $"{operation}: {answer.Status} {answer.Problem}";
            return null;
        }

        return answer;
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
