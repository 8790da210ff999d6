using System.Globalization;
using System.Text.Json;

using JinBao.Effects;
using JinBao.Exchange;
using JinBao.Primitives;

namespace JinBao.Supervision;

/// <summary>
/// Counts business events into a cluster's roll-ups and judges them by the supervision rules (spec: fund supervision,
/// macro decision). Pure: the same events in the same order give the same figures and the same alerts, which is how a
/// rebuild from the event log reproduces the live roll-ups.
/// </summary>
public sealed class Supervision(SupervisionState state, SupervisionThresholds thresholds)
{
    /// <summary>How many hours of settlements the roll-up keeps (a week).</summary>
    public const int HoursKept = 7 * 24;

    /// <summary>
    /// Counts <paramref name="logged"/> unless it is at or before the position already counted. True when it is of a
    /// kind the figures or the rules read: an event of another kind (an exchange refusal's audit) only moves the
    /// position, which needs no write of its own.
    /// </summary>
    public bool Count(LoggedEvent logged)
    {
        if (logged.Position <= state.Position)
        {
            return false; // delivered again (a retry, a restarted stream): counted already
        }

        state.Position = logged.Position;
        state.EventsCounted++;
        state.LastEventAt = logged.OccurredAt;
        if (!Read.Contains(logged.Type) && !logged.Type.StartsWith("transfer-", StringComparison.Ordinal))
        {
            return false;
        }

        state.Changes++;
        using var document = JsonDocument.Parse(logged.PayloadJson);
        var payload = document.RootElement;
        switch (logged.Type)
        {
            case "person-enrolled":
                City(Text(payload, "city")).Enrolments++;
                break;
            case "contribution-declared":
                Declared(logged, payload);
                break;
            case "death-notified" when Text(payload, "city") is { Length: > 0 } city:
                City(city).Deaths++;
                break;
            case "medical-settled":
                Settled(logged, payload, sign: 1);
                break;
            case "medical-reversed":
                Settled(logged, payload, sign: -1);
                break;
            case "payment-run-completed":
                var month = Text(payload, "month");
                state.Payments[month] = new PaymentMonthFigures(YearMonth.Parse(month), Long(payload, "payees"), Long(payload, "amountFen"), logged.OccurredAt);
                AppliedNationally(payload, YearMonth.Parse(month), logged.OccurredAt);
                break;
            case "paid-twice-reported":
                Raise(SupervisionRule.PaidTwice, $"{logged.Stream}:{Text(payload, "month")}", Text(payload, "place"), SubjectOf(logged, payload),
                    $"paid a pension for {Text(payload, "month")} by {Text(payload, "provinces").Replace(",", " and ", StringComparison.Ordinal)} (found by national)",
                    logged.OccurredAt, ("month", Text(payload, "month")), ("provinces", Text(payload, "provinces")));
                break;
            case "national-adjustment-received":
                var effective = Text(payload, "effectiveMonth");
                state.NationalAdjustments[effective] = ProgressOf(effective) with { ReceivedAt = logged.OccurredAt };
                break;
            case "paid-after-death":
                Raise(SupervisionRule.PaidAfterDeath, $"{logged.Stream}:{Text(payload, "deathMonth")}", Text(payload, "place"), SubjectOf(logged, payload),
                    $"paid {Long(payload, "months")} month(s) after the death month {Text(payload, "deathMonth")}: {Yuan(Long(payload, "amountFen"))} to recover",
                    logged.OccurredAt, ("months", Long(payload, "months")), ("deathMonth", Text(payload, "deathMonth")), ("amountFen", Long(payload, "amountFen")));
                break;
            case var type when type.StartsWith("transfer-", StringComparison.Ordinal):
                Transferred(logged, payload);
                break;
        }

        return true;
    }

    /// <summary>The event types the figures and the rules read (besides every <c>transfer-…</c>).</summary>
    private static readonly HashSet<string> Read = new(StringComparer.Ordinal)
    {
        "person-enrolled", "contribution-declared", "death-notified", "medical-settled", "medical-reversed", "payment-run-completed", "paid-after-death",
        "national-adjustment-received", "paid-twice-reported",
    };

    /// <summary>How far the national rule effective in <paramref name="effectiveMonth"/> (<c>yyyy-MM</c>) got here: nowhere yet when unknown.</summary>
    private NationalAdjustmentProgress ProgressOf(string effectiveMonth) =>
        state.NationalAdjustments.GetValueOrDefault(effectiveMonth) ?? new NationalAdjustmentProgress(YearMonth.Parse(effectiveMonth), null, null, null);

    /// <summary>A run's national rules (its event names their effective months): the first run to apply one is recorded.</summary>
    private void AppliedNationally(JsonElement payload, YearMonth runMonth, DateTimeOffset completedAt)
    {
        if (!payload.TryGetProperty("nationalRules", out var rules) || rules.ValueKind != JsonValueKind.Array)
        {
            return; // a run completed before 2026-12-06 names none
        }

        foreach (var rule in rules.EnumerateArray())
        {
            var effective = rule.GetString()!;
            var progress = ProgressOf(effective);
            if (progress.AppliedInRun is null)
            {
                state.NationalAdjustments[effective] = progress with { AppliedInRun = runMonth, AppliedAt = completedAt };
            }
        }
    }

    /// <summary>
    /// Queues the province's figures for national (a signed statistics summary, sent with the state that counted them)
    /// when <see cref="SupervisionThresholds.SummaryEverySeconds"/> have passed since the last; the first waits a full
    /// period after counting began. True when one was queued.
    /// </summary>
    public bool SummariseForNational(RegionCode province, DateTimeOffset now)
    {
        if (state.LastSummaryAt is not { } last)
        {
            state.LastSummaryAt = now;
            return false;
        }

        // A clock set back (now before the last summary) does not hold the summaries back until it catches up.
        if ((now >= last && now - last < TimeSpan.FromSeconds(thresholds.SummaryEverySeconds)) || state.Changes == state.LastSummaryChanges)
        {
            return false; // too soon, or nothing new to tell
        }

        state.LastSummaryAt = now;
        state.LastSummaryChanges = state.Changes;
        var figures = ToView(province, ChinaTime.DateOf(now));
        state.Pending.Add(ExchangeJson.Create(DocumentIds.ForStatisticsSummary(province, state.EventsCounted), DocumentTypes.StatisticsSummary,
            JinBaoCluster.NationalId, "", null, new StatisticsSummaryPayload(figures with { Cities = [] }, now), now));
        return true;
    }

    /// <summary>The roll-ups as supervisors read them; open cases count as overdue once <paramref name="today"/> passes their due date.</summary>
    public StatisticsView ToView(RegionCode? province, DateOnly today)
    {
        var open = state.OpenTransfers.Values.Select(t => (City: AwaitingCity(t), Overdue: t.DueOn is { } due && today > due)).ToList();
        var cities = state.Cities.Keys.Concat(open.Select(o => o.City)).Where(IsPlace).Distinct().Order(StringComparer.Ordinal)
            .Select(city =>
            {
                var counters = state.Cities.GetValueOrDefault(city) ?? new CityCounters();
                return new CityFigures(RegionCode.Parse(city), counters.Enrolments, counters.Declarations,
                    open.Count(o => o.City == city), open.Count(o => o.City == city && o.Overdue), counters.Deaths);
            });
        return new StatisticsView(
            province,
            state.Position,
            state.EventsCounted,
            state.LastEventAt,
            [.. cities],
            [.. state.Contributions.Select(c => (Key: Split(c.Key), c.Value)).Where(c => IsPlace(c.Key.Second))
                .Select(c => new ContributionMonthFigures(YearMonth.Parse(c.Key.First), RegionCode.Parse(c.Key.Second), c.Value.Declarations, c.Value.IndividualFen, c.Value.PooledFen))
                .OrderBy(c => c.Month).ThenBy(c => c.City.Value, StringComparer.Ordinal)],
            [.. state.TransferStatuses.Where(s => s.Value != 0).OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => new TransferStatusCount(s.Key, s.Value))],
            [.. state.Steps.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => new StepTimeliness(s.Key, s.Value.OnTime, s.Value.Late))],
            [.. state.StepMonths.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => new MonthTimeliness(YearMonth.Parse(m.Key), m.Value.OnTime, m.Value.Late))],
            [.. state.Flows.Select(f => (Key: Split(f.Key), f.Value)).Where(f => IsPlace(f.Key.First) && IsPlace(f.Key.Second))
                .Select(f => new TransferFlow(RegionCode.Parse(f.Key.First), RegionCode.Parse(f.Key.Second), f.Value))
                .OrderBy(f => f.FromProvince.Value, StringComparer.Ordinal).ThenBy(f => f.ToProvince.Value, StringComparer.Ordinal)],
            [.. state.SettlementHours.OrderBy(h => h.Key, StringComparer.Ordinal)
                .Select(h => new SettlementHourFigures(HourOf(h.Key), h.Value.Count, h.Value.FundFen))],
            [.. state.SettlementPlaces.Select(p => (Key: Split(p.Key), p.Value)).Where(p => IsPlace(p.Key.First) && IsPlace(p.Key.Second))
                .Select(p => new SettlementPlaceFigures(RegionCode.Parse(p.Key.First), RegionCode.Parse(p.Key.Second), p.Value.Count, p.Value.FundFen))
                .OrderBy(p => p.CareProvince.Value, StringComparer.Ordinal).ThenBy(p => p.InsuringProvince.Value, StringComparer.Ordinal)],
            [.. state.Payments.Values.OrderBy(p => p.Month)],
            [.. state.NationalAdjustments.Values.OrderBy(a => a.EffectiveMonth)]);
    }

    /// <summary>The hour bucket of an instant, China time: <c>yyyy-MM-ddTHH</c>.</summary>
    public static string HourKey(DateTimeOffset at) => at.ToOffset(ChinaTime.Offset).ToString("yyyy-MM-dd'T'HH", CultureInfo.InvariantCulture);

    private static DateTimeOffset HourOf(string key) =>
        new(DateTime.ParseExact(key, "yyyy-MM-dd'T'HH", CultureInfo.InvariantCulture), ChinaTime.Offset);

    private void Declared(LoggedEvent logged, JsonElement payload)
    {
        // Events written before 2026-12-06 carry no city: they are counted under no city rather than guessed.
        var city = Text(payload, "city");
        var month = Text(payload, "month");
        City(city).Declarations++;
        var counters = Get(state.Contributions, $"{month}|{city}");
        counters.Declarations++;
        counters.IndividualFen += Long(payload, "individualFen");
        counters.PooledFen += Long(payload, "pooledFen");

        var person = logged.Stream;
        if (Text(payload, "alsoIn") is { Length: > 0 } otherCity)
        {
            Raise(SupervisionRule.InsuredTwice, $"{person}:{month}", city, SubjectOf(logged, payload),
                $"{month} is declared in {city} and already in {otherCity}", logged.OccurredAt, ("month", month), ("city", city), ("otherCity", otherCity));
        }

        if (payload.TryGetProperty("previousBaseFen", out var previous) && previous.ValueKind == JsonValueKind.Number && previous.GetInt64() > 0)
        {
            var drops = Get(state.BaseDrops, $"{month}|{city}");
            drops.Compared++;
            if (Long(payload, "baseFen") < previous.GetInt64() * thresholds.BaseDropRatio)
            {
                drops.Drops++;
            }

            if (!drops.Alerted && drops.Drops >= thresholds.BaseDropMinimumCount && drops.Drops >= drops.Compared * thresholds.BaseDropMinimumShare)
            {
                drops.Alerted = true;
                Raise(SupervisionRule.BaseDrop, $"{city}:{month}", city, city,
                    $"{drops.Drops} of {drops.Compared} declarations for {month} fell below {thresholds.BaseDropRatio:P0} of the person's previous base",
                    logged.OccurredAt, ("drops", drops.Drops), ("compared", drops.Compared), ("month", month), ("percent", (int)Math.Round(thresholds.BaseDropRatio * 100)));
            }
        }
    }

    private void Settled(LoggedEvent logged, JsonElement payload, int sign)
    {
        var care = Text(payload, "care");
        var insuring = Text(payload, "insuring");
        var fund = Long(payload, "fundFen");
        if (sign > 0 && care.Length > 0)
        {
            var usual = Get(state.CareCityHistory, care);
            if (usual.Count >= thresholds.SettlementOutlierMinimumHistory && fund >= thresholds.SettlementOutlierFloorFen
                && fund > thresholds.SettlementOutlierFactor * usual.FundFen / usual.Count)
            {
                Raise(SupervisionRule.SettlementOutlier, $"{Text(payload, "settlementId")}", insuring, SubjectOf(logged, payload),
                    $"fund pays {Yuan(fund)} in {care}, where the usual is {Yuan(usual.FundFen / usual.Count)} over {usual.Count} settlements",
                    logged.OccurredAt, ("fundFen", fund), ("care", care), ("usualFen", usual.FundFen / usual.Count), ("history", usual.Count));
            }

            usual.Count++;
            usual.FundFen += fund;
        }

        var hour = Get(state.SettlementHours, HourKey(logged.OccurredAt));
        hour.Count += sign;
        hour.FundFen += sign * fund;
        if (state.SettlementHours.Count > HoursKept)
        {
            foreach (var old in state.SettlementHours.Keys.Order(StringComparer.Ordinal).Take(state.SettlementHours.Count - HoursKept).ToList())
            {
                state.SettlementHours.Remove(old);
            }
        }

        if (care.Length > 0 && insuring.Length > 0)
        {
            var place = Get(state.SettlementPlaces, $"{ProvinceOf(care)}|{ProvinceOf(insuring)}");
            place.Count += sign;
            place.FundFen += sign * fund;
        }
    }

    private void Transferred(LoggedEvent logged, JsonElement payload)
    {
        var id = logged.Stream;
        var status = Text(payload, "status");
        var from = Text(payload, "from");
        var to = Text(payload, "to");
        DateOnly? dueOn = payload.TryGetProperty("dueOn", out var due) && due.ValueKind == JsonValueKind.String ? DateOnly.Parse(due.GetString()!, CultureInfo.InvariantCulture) : null;
        var known = state.OpenTransfers.GetValueOrDefault(id);

        if (Text(payload, "escalatedTo") is { Length: > 0 } responsible)
        {
            Raise(SupervisionRule.TransferOverdue, $"{id}:{status}:{known?.DueOn:yyyy-MM-dd}", responsible, SubjectOf(logged, payload),
                $"step {status} was due {known?.DueOn:yyyy-MM-dd} and is not done", logged.OccurredAt, ("step", status), ("dueOn", $"{known?.DueOn:yyyy-MM-dd}"));
            return;
        }

        if (known is not null && known.Status == status)
        {
            return; // a note on the same step, not a transition
        }

        if (known is null)
        {
            if (status == "Applied")
            {
                Increment(state.Flows, $"{ProvinceOf(from)}|{ProvinceOf(to)}", 1);
            }
        }
        else
        {
            Increment(state.TransferStatuses, known.Status, -1);
            var step = Get(state.Steps, known.Status);
            var doneOn = ChinaTime.DateOf(logged.OccurredAt);
            var inMonth = Get(state.StepMonths, YearMonth.Of(doneOn).ToString());
            if (known.DueOn is { } wasDue && doneOn > wasDue)
            {
                step.Late++;
                inMonth.Late++;
            }
            else
            {
                step.OnTime++;
                inMonth.OnTime++;
            }

            // The new place's decision on an application: not by the clerk who took the application (segregation of duties).
            if (known.Status == "Applied" && known.AppliedBy is { } applicant && applicant == logged.Actor)
            {
                Raise(SupervisionRule.SelfDecided, $"{id}", to, SubjectOf(logged, payload),
                    $"{Clerk(applicant)} took the application and decided it ({status})", logged.OccurredAt, ("clerk", Clerk(applicant)), ("decision", status));
            }
        }

        Increment(state.TransferStatuses, status, 1);
        if (status is "Completed" or "Rejected" or "Cancelled")
        {
            state.OpenTransfers.Remove(id);
            return;
        }

        var open = known ?? new OpenTransfer { From = from, To = to, AppliedBy = IsPerson(logged.Actor) ? logged.Actor : null };
        open.Status = status;
        open.DueOn = dueOn;
        state.OpenTransfers[id] = open;
    }

    /// <summary>The city a step waits for: the new place reviews and merges, the old place releases.</summary>
    private static string AwaitingCity(OpenTransfer transfer) => transfer.Status == "ContactLetterIssued" ? transfer.From : transfer.To;

    /// <summary>Queues an alert; <c>facts</c> are what the English detail says, as values, for a page to say it in its own language.</summary>
    private void Raise(SupervisionRule rule, string about, string place, string subject, string detail, DateTimeOffset at, params (string Key, object Value)[] facts) =>
        state.Pending.Add(new AlertRow(AlertId(rule, about), rule.ToString(), place, subject, detail, at,
            JsonSerializer.Serialize(facts.ToDictionary(f => f.Key, f => Convert.ToString(f.Value, CultureInfo.InvariantCulture) ?? ""))));

    /// <summary>
    /// The rule and a digest of what the alert is about (which may name a person): the same finding gets the same id, and
    /// the id, which travels in addresses and logs, names nobody.
    /// </summary>
    public static string AlertId(SupervisionRule rule, string about) =>
        $"{RuleKey(rule)}-{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(about)).AsSpan(0, 8))}";

    /// <summary>The rule's name in alert ids: kebab-case, as the API spells the rule.</summary>
    public static string RuleKey(SupervisionRule rule) => JsonNamingPolicy.KebabCaseLower.ConvertName(rule.ToString());

    /// <summary>Whom the event is about, masked: alerts are read by more people than may see the person.</summary>
    private static string SubjectOf(LoggedEvent logged, JsonElement payload)
    {
        var colon = logged.Stream.IndexOf(':', StringComparison.Ordinal);
        var text = logged.Stream.StartsWith("transfer:", StringComparison.Ordinal) ? Text(payload, "citizenId") : logged.Stream[(colon + 1)..];
        return CitizenId.TryParse(text, DateOnly.MaxValue, out var id) ? id.Masked : Text(payload, "subject");
    }

    private CityCounters City(string city) => Get(state.Cities, city);

    private static T Get<T>(Dictionary<string, T> map, string key)
        where T : new()
    {
        if (!map.TryGetValue(key, out var value))
        {
            value = new T();
            map[key] = value;
        }

        return value;
    }

    private static void Increment(Dictionary<string, long> map, string key, long by) => map[key] = map.GetValueOrDefault(key) + by;

    /// <summary>
    /// A text field of a payload. Payloads name a command's own members as C# does (<c>SettlementId</c>) and other
    /// fields in camel case, so the camel-case name is tried, then the Pascal-case one.
    /// </summary>
    private static string Text(JsonElement payload, string name) =>
        (payload.TryGetProperty(name, out var value) || payload.TryGetProperty(char.ToUpperInvariant(name[0]) + name[1..], out value))
        && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";

    private static long Long(JsonElement payload, string name) =>
        payload.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt64() : 0;

    /// <summary>Events written before a field existed count under "" for it, which no view shows as a place.</summary>
    private static bool IsPlace(string code) => RegionCode.TryParse(code, out _);

    private static string ProvinceOf(string city) => city.Length == 6 ? string.Concat(city.AsSpan(0, 2), "0000") : city;

    private static (string First, string Second) Split(string key)
    {
        var bar = key.IndexOf('|', StringComparison.Ordinal);
        return (key[..bar], key[(bar + 1)..]);
    }

    private static string Yuan(long fen) => (fen / 100m).ToString("0.00", CultureInfo.InvariantCulture) + " yuan";

    /// <summary>A clerk or a supervisor: people, for whom taking and deciding one case are incompatible duties (a city system is not).</summary>
    private static bool IsPerson(string actor) => actor.StartsWith("clerk:", StringComparison.Ordinal) || actor.StartsWith("supervisor:", StringComparison.Ordinal);

    /// <summary><c>clerk:zhang.li@440300</c> → <c>zhang.li@440300</c>.</summary>
    private static string Clerk(string actor) => actor[(actor.IndexOf(':', StringComparison.Ordinal) + 1)..];
}
