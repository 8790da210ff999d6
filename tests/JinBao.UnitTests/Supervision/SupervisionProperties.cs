using System.Text.Json;

using FsCheck.Xunit;

using JinBao.Effects;
using JinBao.Primitives;
using JinBao.Supervision;

namespace JinBao.UnitTests.Supervision;

/// <summary>
/// The roll-ups and rules over random histories: the figures depend only on the events, not on how the stream
/// delivered them (in any batches, with any batch delivered again after a crash), and they equal plain aggregates over
/// the same events, which is what a rebuild from the event log computes.
/// </summary>
public sealed class SupervisionProperties
{
    private static readonly string[] Cities = ["440100", "440300", "510100", "110100"];
    private static readonly DateTimeOffset Start = new(2026, 11, 2, 8, 0, 0, ChinaTime.Offset);

    [Property(MaxTest = 200)]
    public bool RedeliveredBatches_CountEachEventOnce(int seed, byte[] schedule)
    {
        var history = History(new Random(seed), 120);
        var once = Counted(history);

        // A schedule of deliveries: each delivers from some point at or before the cursor (a redelivery) to further on.
        var cursor = 0;
        var batches = new List<(int From, int To)>();
        foreach (var step in schedule.Take(60))
        {
            var from = Math.Max(0, cursor - (step % 7));
            var to = Math.Min(history.Count, from + 1 + (step % 23));
            batches.Add((from, to));
            cursor = Math.Max(cursor, to);
        }

        batches.Add((cursor, history.Count));
        var state = new SupervisionState();
        var rules = new JinBao.Supervision.Supervision(state, SupervisionThresholds.Default);
        var alerts = new List<AlertRow>();
        foreach (var (from, to) in batches)
        {
            foreach (var logged in history.Skip(from).Take(to - from))
            {
                rules.Count(logged);
            }

            alerts.AddRange(state.Pending.Alerts);
            state.Pending.Clear();
        }

        return Json(state) == Json(once.State) && alerts.Select(a => a.AlertId).SequenceEqual(once.Alerts.Select(a => a.AlertId));
    }

    [Property(MaxTest = 200)]
    public bool RollUps_EqualPlainAggregatesOverTheEvents(int seed)
    {
        var history = History(new Random(seed), 200);
        var view = Counted(history).Rules.ToView(null, new DateOnly(2026, 12, 1));
        var declared = history.Where(e => e.Type == "contribution-declared").Select(e => JsonDocument.Parse(e.PayloadJson).RootElement).ToList();
        var settled = history.Where(e => e.Type is "medical-settled" or "medical-reversed")
            .Select(e => (Sign: e.Type == "medical-settled" ? 1 : -1, Payload: JsonDocument.Parse(e.PayloadJson).RootElement)).ToList();
        var applied = history.Where(e => e.Type == "transfer-applied").ToList();

        return view.ContributionsByMonth.Sum(m => m.Declarations) == declared.Count
            && view.ContributionsByMonth.Sum(m => m.IndividualFen) == declared.Sum(d => d.GetProperty("individualFen").GetInt64())
            && view.ContributionsByMonth.Sum(m => m.PooledFen) == declared.Sum(d => d.GetProperty("pooledFen").GetInt64())
            && view.SettlementsByHour.Sum(h => h.Settlements) == settled.Sum(s => s.Sign)
            && view.SettlementsByPlace.Sum(p => p.FundFen) == settled.Sum(s => s.Sign * s.Payload.GetProperty("fundFen").GetInt64())
            && view.TransferFlows.Sum(f => f.Transfers) == applied.Count
            && view.TransfersByStatus.Sum(s => s.Count) == applied.Count
            && view.OnTimeByMonth.Sum(m => m.OnTime) == view.OnTimeByStep.Sum(s => s.OnTime)
            && view.OnTimeByMonth.Sum(m => m.Late) == view.OnTimeByStep.Sum(s => s.Late)
            && view.Cities.Sum(c => c.Enrolments) == history.Count(e => e.Type == "person-enrolled")
            && view.EventsCounted == history.Count;
    }

    [Fact]
    public void AClerkWhoAppliesAndDecides_IsAlerted_AndTheAlertNamesNobody()
    {
        var person = CitizenId.Create("440304", new DateOnly(1988, 5, 12), 1);
        var citizen = person.Value;
        var history = new List<LoggedEvent>
        {
            Transfer(1, "t-1", citizen, "Applied", "clerk:li@440300", dueOn: "2026-11-20"),
            Transfer(2, "t-1", citizen, "ContactLetterIssued", "clerk:li@440300", dueOn: "2026-12-10"),
            Transfer(3, "t-2", citizen, "Applied", "clerk:li@440300", dueOn: "2026-11-20"),
            Transfer(4, "t-2", citizen, "ContactLetterIssued", "supervisor:wang@440300", dueOn: "2026-12-10"),
        };

        var alert = Assert.Single(Counted(history).Alerts);

        Assert.Equal(JinBao.Supervision.Supervision.AlertId(SupervisionRule.SelfDecided, "transfer:t-1"), alert.AlertId);
        Assert.Equal("440300", alert.Place);
        Assert.Equal(person.Masked, alert.Subject);
        Assert.DoesNotContain(citizen, alert.AlertId + alert.Detail);
    }

    [Fact]
    public void AStepDoneAfterItsDueDate_CountsAsLate_AndAnEscalationIsAnAlertForTheAwaitedCity()
    {
        const string citizen = "440304198805120015";
        var history = new List<LoggedEvent>
        {
            Transfer(1, "t-1", citizen, "Applied", "city:440300/x", dueOn: "2026-11-03"),
            Transfer(2, "t-1", citizen, "Applied", "system", dueOn: "2026-11-03", escalatedTo: "440300"),
            Transfer(3, "t-1", citizen, "ContactLetterIssued", "city:440300/x", dueOn: "2026-12-10"),
        };

        var counted = Counted(history);
        var view = counted.Rules.ToView(null, new DateOnly(2026, 12, 1));

        Assert.Equal(SupervisionRule.TransferOverdue.ToString(), Assert.Single(counted.Alerts).Rule);
        Assert.Equal(new StepTimeliness("Applied", 0, 1), Assert.Single(view.OnTimeByStep));
        Assert.Equal(new MonthTimeliness(YearMonth.Of(ChinaTime.DateOf(history[2].OccurredAt)), 0, 1), Assert.Single(view.OnTimeByMonth)); // the month it was done
        Assert.Equal(1, Assert.Single(view.Cities, c => c.City.Value == "440100").OpenTransfers); // the old place releases now
    }

    [Property(MaxTest = 300)]
    public bool AlertLife_OnlyMovesForward_AndRecordsEveryStepItTakes(byte[] actions)
    {
        var alert = new AlertView("self-decided-0", SupervisionRule.SelfDecided, RegionCode.Parse("440300"), "440304***********5", "d", Start,
            AlertStatus.Open, null, null, null, null, null, new Dictionary<string, string>());
        var request = new Requester("supervisor:wang@440300", "r-1");
        foreach (var action in actions.Take(8))
        {
            var effects = new PendingEffects();
            var before = alert.Status;
            try
            {
                alert = (action % 3) switch
                {
                    0 => AlertLifecycle.Acknowledge(alert, request, Start, effects),
                    1 => AlertLifecycle.Resolve(alert, "checked the file", request, Start, effects),
                    _ => AlertLifecycle.Resolve(alert, " ", request, Start, effects),
                };
            }
            catch (JinBao.Errors.JinBaoException)
            {
                if (!effects.IsEmpty || alert.Status != before)
                {
                    return false; // a refused step changes nothing
                }

                continue;
            }

            if (alert.Status <= before || effects.AlertChanges.Count != 1 || effects.Events.Count != 1)
            {
                return false;
            }
        }

        return true;
    }

    private static (SupervisionState State, JinBao.Supervision.Supervision Rules, List<AlertRow> Alerts) Counted(IReadOnlyList<LoggedEvent> history)
    {
        var state = new SupervisionState();
        var rules = new JinBao.Supervision.Supervision(state, SupervisionThresholds.Default);
        foreach (var logged in history)
        {
            rules.Count(logged);
        }

        var alerts = state.Pending.Alerts.ToList();
        state.Pending.Clear();
        return (state, rules, alerts);
    }

    private static string Json(SupervisionState state) => JsonSerializer.Serialize(state);

    /// <summary>A random but coherent history: enrolments, declarations (some dropping, some twice), settlements and their reversals, transfers.</summary>
    private static List<LoggedEvent> History(Random random, int length)
    {
        var events = new List<LoggedEvent>();
        var settled = new List<(string Id, string Care, string Insuring, long Fund)>();
        var transfers = new Dictionary<string, (string Status, string From, string To)>();
        string[] path = ["Applied", "ContactLetterIssued", "CertificateAndFundsSent", "Completed"];
        for (var i = 0; i < length; i++)
        {
            var at = Start.AddMinutes(i * 7);
            var city = Cities[random.Next(Cities.Length)];
            var citizen = $"44030419850101{random.Next(1000, 9999)}";
            switch (random.Next(6))
            {
                case 0:
                    events.Add(Event(i, $"person:{citizen}", "person-enrolled", "city:x", new { city, hukou = city }, at));
                    break;
                case 1:
                    var baseFen = random.Next(500_000, 3_000_000);
                    events.Add(Event(i, $"person:{citizen}", "contribution-declared", "city:x", new
                    {
                        month = $"2025-{random.Next(1, 13):D2}",
                        city,
                        baseFen,
                        individualFen = baseFen * 8 / 100,
                        pooledFen = baseFen * 16 / 100,
                        previousBaseFen = random.Next(3) == 0 ? (long?)null : baseFen * 2,
                        alsoIn = random.Next(10) == 0 ? Cities[0] : null,
                    }, at));
                    break;
                case 2:
                    var id = $"S-{i}";
                    var fund = (long)random.Next(1, 2_000_000);
                    settled.Add((id, city, "510100", fund));
                    events.Add(Event(i, $"medical:{citizen}", "medical-settled", "city:x", new { SettlementId = id, care = city, insuring = "510100", fundFen = fund }, at));
                    break;
                case 3 when settled.Count > 0:
                    var reversed = settled[random.Next(settled.Count)];
                    settled.Remove(reversed);
                    events.Add(Event(i, $"medical:{citizen}", "medical-reversed", "city:x",
                        new { settlementId = reversed.Id, care = reversed.Care, insuring = reversed.Insuring, fundFen = reversed.Fund }, at));
                    break;
                case 4:
                    var transfer = $"transfer:t-{i}";
                    var to = Cities[random.Next(Cities.Length)];
                    transfers[transfer] = ("Applied", city, to);
                    events.Add(Transfer(i, transfer[9..], citizen, "Applied", random.Next(2) == 0 ? "clerk:a@x" : "city:x", "2026-11-20", from: city, to: to, at: at));
                    break;
                default:
                    if (transfers.Count == 0)
                    {
                        goto case 0;
                    }

                    var (key, (status, from, next)) = transfers.ElementAt(random.Next(transfers.Count));
                    var following = random.Next(8) == 0 ? "Rejected" : path[Array.IndexOf(path, status) + 1];
                    transfers.Remove(key);
                    if (following is not ("Completed" or "Rejected"))
                    {
                        transfers[key] = (following, from, next);
                    }

                    events.Add(Transfer(i, key[9..], citizen, following, random.Next(2) == 0 ? "clerk:a@x" : "clerk:b@x", "2026-12-01", from: from, to: next, at: at));
                    break;
            }
        }

        return events;
    }

    private static LoggedEvent Transfer(long sequence, string id, string citizen, string status, string actor, string dueOn,
        string from = "440100", string to = "440300", string? escalatedTo = null, DateTimeOffset? at = null) =>
        Event(sequence, $"transfer:{id}", $"transfer-{status.ToLowerInvariant()}", actor,
            new { citizenId = citizen, from, to, status, dueOn, escalatedTo }, at ?? Start.AddDays(sequence * 10));

    private static LoggedEvent Event(long sequence, string stream, string type, string actor, object payload, DateTimeOffset at) =>
        new(new EventPosition(1000 + (ulong)sequence / 3, sequence), $"{stream}:{sequence}", stream, type, actor, JsonSerializer.Serialize(payload), at);
}
