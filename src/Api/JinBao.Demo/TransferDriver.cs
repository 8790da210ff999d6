namespace JinBao.Demo;

/// <summary>
/// Moves one person's pension relationship through the public API as the two agencies would: the new place enrols
/// and applies, then whichever city the transfer awaits approves (the new place as its city system, the old place as
/// its clerk, who sees the case in her queue), until the new place's view says Completed. Cross-province, the old
/// place sees the transfer only once the contact letter has arrived as a document, so a 404 there means "not yet".
/// </summary>
public sealed class TransferDriver(IReadOnlyDictionary<string, DemoCity> cities, DemoStats stats, Action<TransferKind, DemoCity, string> onFirstCompleted)
{
    private const int MaxPolls = 90;
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    /// <summary>Applies at <paramref name="to"/> for the relationship at <paramref name="from"/> and drives it to its end.</summary>
    public async Task RunAsync(DemoPerson person, DemoCity from, DemoCity to, TransferKind kind, CancellationToken cancellationToken)
    {
        stats.Request();
        var applied = await to.System.PostAsync("/api/v1/pension-transfers", new { citizenId = person.CitizenId, fromCity = from.Code }, cancellationToken);
        if (!applied.Ok || applied.Text("id") is not { } id)
        {
            stats.Error("apply " + applied.Problem);
            return;
        }

        stats.Applied(kind);
        var approvedSteps = new HashSet<string>(StringComparer.Ordinal);
        for (var poll = 0; poll < MaxPolls; poll++)
        {
            stats.Request();
            var view = await to.System.GetAsync($"/api/v1/pension-transfers/{id}", cancellationToken);
            var status = view.Text("status");
            switch (status)
            {
                case "completed":
                    if (stats.Completed(kind))
                    {
                        onFirstCompleted(kind, to, id);
                    }

                    return;
                case "rejected" or "cancelled":
                    stats.Error($"transfer-{status}");
                    return;
            }

            if (view.Text("awaitingCity") is { } awaiting && cities.TryGetValue(awaiting, out var city)
                && !approvedSteps.Contains(status + awaiting))
            {
                var approver = awaiting == to.Code ? city.System : city.Clerk;
                stats.Request();
                var approved = await approver.PostAsync($"/api/v1/pension-transfers/{id}/approve", new { reason = "demo: complete, no arrears" }, cancellationToken);
                if (approved.Ok)
                {
                    approvedSteps.Add(status + awaiting);
                    continue;
                }

                if (approved.Status != 404)
                {
                    stats.Error("approve " + approved.Problem);
                }
            }

            await Task.Delay(PollInterval, cancellationToken);
        }

        stats.Error("transfer-not-completed-in-90s");
    }
}
