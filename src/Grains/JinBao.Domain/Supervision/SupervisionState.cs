using JinBao.Effects;

namespace JinBao.Supervision;

/// <summary>
/// A cluster's roll-ups and what its rules remember, stored as JSON in the grain storage row named <c>supervision</c>,
/// with the log position they count up to: one write moves both, so an event is counted once or not at all.
/// </summary>
public sealed class SupervisionState : IHoldEffects
{
    /// <summary>The last event counted.</summary>
    public EventPosition Position { get; set; }

    public long EventsCounted { get; set; }

    public DateTimeOffset? LastEventAt { get; set; }

    /// <summary>When the province last sent national its figures (or, before the first, began counting).</summary>
    public DateTimeOffset? LastSummaryAt { get; set; }

    /// <summary>How many events changed the figures so far (<see cref="EventsCounted"/> counts every event read).</summary>
    public long Changes { get; set; }

    /// <summary><see cref="Changes"/> when the last summary went: a summary with nothing new is not sent.</summary>
    public long LastSummaryChanges { get; set; }

    /// <summary>Per city code.</summary>
    public Dictionary<string, CityCounters> Cities { get; set; } = [];

    /// <summary>Per <c>month|city</c>.</summary>
    public Dictionary<string, ContributionCounters> Contributions { get; set; } = [];

    /// <summary>Transfers at each status now.</summary>
    public Dictionary<string, long> TransferStatuses { get; set; } = [];

    /// <summary>Per step: done on time, done late.</summary>
    public Dictionary<string, Timeliness> Steps { get; set; } = [];

    /// <summary>Per month a step was done (<c>yyyy-MM</c>, China time): done on time, done late.</summary>
    public Dictionary<string, Timeliness> StepMonths { get; set; } = [];

    /// <summary>Per <c>from-province|to-province</c>.</summary>
    public Dictionary<string, long> Flows { get; set; } = [];

    /// <summary>Transfers not yet final, by transfer id: what the on-time rate, the open cases and the rules need.</summary>
    public Dictionary<string, OpenTransfer> OpenTransfers { get; set; } = [];

    /// <summary>Per hour (China time, <c>yyyy-MM-ddTHH</c>), the last <see cref="Supervision.HoursKept"/> hours.</summary>
    public Dictionary<string, Amounts> SettlementHours { get; set; } = [];

    /// <summary>Per <c>care-province|insuring-province</c>.</summary>
    public Dictionary<string, Amounts> SettlementPlaces { get; set; } = [];

    /// <summary>Per care city: every settlement's fund part so far, for the usual amount.</summary>
    public Dictionary<string, Amounts> CareCityHistory { get; set; } = [];

    /// <summary>Per <c>month|city</c>: declarations compared with the person's previous month, and drops among them.</summary>
    public Dictionary<string, BaseDropCounters> BaseDrops { get; set; } = [];

    /// <summary>Per month: the payment run's totals.</summary>
    public Dictionary<string, PaymentMonthFigures> Payments { get; set; } = [];

    /// <summary>Per effective month (<c>yyyy-MM</c>): a national adjustment's arrival and first application.</summary>
    public Dictionary<string, NationalAdjustmentProgress> NationalAdjustments { get; set; } = [];

    public PendingEffects Pending { get; set; } = new();
}

public sealed class CityCounters
{
    public long Enrolments { get; set; }

    public long Declarations { get; set; }

    public long Deaths { get; set; }
}

public sealed class ContributionCounters
{
    public long Declarations { get; set; }

    public long IndividualFen { get; set; }

    public long PooledFen { get; set; }
}

public sealed class Timeliness
{
    public long OnTime { get; set; }

    public long Late { get; set; }
}

public sealed class Amounts
{
    public long Count { get; set; }

    public long FundFen { get; set; }
}

public sealed class BaseDropCounters
{
    public long Compared { get; set; }

    public long Drops { get; set; }

    public bool Alerted { get; set; }
}

public sealed class OpenTransfer
{
    public string Status { get; set; } = "";

    public DateOnly? DueOn { get; set; }

    public string From { get; set; } = "";

    public string To { get; set; } = "";

    /// <summary>Who applied, when a clerk did: the one who may not decide it too.</summary>
    public string? AppliedBy { get; set; }
}
