using JinBao.Primitives;

namespace JinBao.Supervision;

/// <summary>
/// A province's live roll-ups (统计), as its statistics grain keeps them from the business-event stream. Every figure
/// can be recomputed from the event log (<c>jinbao_events</c>); <see cref="Position"/> says how far the grain has read it.
/// </summary>
[GenerateSerializer, Immutable, Alias("jinbao.statistics-view")]
public sealed record StatisticsView(
    RegionCode? Province,
    EventPosition Position,
    long EventsCounted,
    DateTimeOffset? LastEventAt,
    IReadOnlyList<CityFigures> Cities,
    IReadOnlyList<ContributionMonthFigures> ContributionsByMonth,
    IReadOnlyList<TransferStatusCount> TransfersByStatus,
    IReadOnlyList<StepTimeliness> OnTimeByStep,
    IReadOnlyList<MonthTimeliness> OnTimeByMonth,
    IReadOnlyList<TransferFlow> TransferFlows,
    IReadOnlyList<SettlementHourFigures> SettlementsByHour,
    IReadOnlyList<SettlementPlaceFigures> SettlementsByPlace,
    IReadOnlyList<PaymentMonthFigures> PaymentsByMonth,
    IReadOnlyList<NationalAdjustmentProgress> NationalAdjustments,
    IReadOnlyList<FundBalance>? FundBalances = null);

/// <summary>
/// A ledger account's balance (fen) and number of postings, read from the ledger itself when the statistics are asked
/// for (not counted from the stream, and not in the summaries sent to national).
/// </summary>
[GenerateSerializer, Immutable, Alias("jinbao.fund-balance")]
public sealed record FundBalance(string Account, long BalanceFen, long Postings);

/// <summary>A city's counts: enrolments into it, contribution declarations, transfers open and overdue, open alerts.</summary>
[GenerateSerializer, Immutable, Alias("jinbao.city-figures")]
public sealed record CityFigures(RegionCode City, long Enrolments, long Declarations, int OpenTransfers, int OverdueTransfers, long Deaths);

/// <summary>Contributions declared for one month in one city: how many, and the two account parts (fen).</summary>
[GenerateSerializer, Immutable, Alias("jinbao.contribution-month-figures")]
public sealed record ContributionMonthFigures(YearMonth Month, RegionCode City, long Declarations, long IndividualFen, long PooledFen);

/// <summary>How many transfers known to this province are at each status now.</summary>
[GenerateSerializer, Immutable, Alias("jinbao.transfer-status-count")]
public sealed record TransferStatusCount(string Status, long Count);

/// <summary>Steps of one kind done within their statutory 15 working days, and late (by the step's own due date).</summary>
[GenerateSerializer, Immutable, Alias("jinbao.step-timeliness")]
public sealed record StepTimeliness(string Step, long OnTime, long Late);

/// <summary>Steps of every kind done in one month (China time), within their due date and late: the on-time rate over time.</summary>
[GenerateSerializer, Immutable, Alias("jinbao.month-timeliness")]
public sealed record MonthTimeliness(YearMonth Month, long OnTime, long Late);

/// <summary>Transfers applied from one province to another (the inter-province flow matrix, one cell).</summary>
[GenerateSerializer, Immutable, Alias("jinbao.transfer-flow")]
public sealed record TransferFlow(RegionCode FromProvince, RegionCode ToProvince, long Transfers);

/// <summary>Medical settlements in one hour (China time, truncated): net count and fund amount after reversals.</summary>
[GenerateSerializer, Immutable, Alias("jinbao.settlement-hour-figures")]
public sealed record SettlementHourFigures(DateTimeOffset Hour, long Settlements, long FundFen);

/// <summary>Medical settlements by the care province and the insuring province: net count and fund amount.</summary>
[GenerateSerializer, Immutable, Alias("jinbao.settlement-place-figures")]
public sealed record SettlementPlaceFigures(RegionCode CareProvince, RegionCode InsuringProvince, long Settlements, long FundFen);

/// <summary>A completed monthly payment run: payees paid and the amount (fen).</summary>
[GenerateSerializer, Immutable, Alias("jinbao.payment-month-figures")]
public sealed record PaymentMonthFigures(YearMonth Month, long Payees, long AmountFen, DateTimeOffset CompletedAt);

/// <summary>
/// A national adjustment in this province: when its rule arrived, and the first payment run that applied it (the
/// first completed run of a month at or after the rule's effective month).
/// </summary>
[GenerateSerializer, Immutable, Alias("jinbao.national-adjustment-progress")]
public sealed record NationalAdjustmentProgress(YearMonth EffectiveMonth, DateTimeOffset? ReceivedAt, YearMonth? AppliedInRun, DateTimeOffset? AppliedAt);

/// <summary>
/// Where an event sits in the log: the id of the transaction that wrote it (PostgreSQL's <c>xid8</c>), then its row
/// number. Ordering by both, and reading only transactions older than every running one, never skips a row that
/// commits late.
/// </summary>
[GenerateSerializer, Immutable, Alias("jinbao.event-position")]
public readonly record struct EventPosition(ulong Transaction, long Sequence) : IComparable<EventPosition>
{
    public static readonly EventPosition Start = new(0, 0);

    public int CompareTo(EventPosition other) =>
        Transaction != other.Transaction ? Transaction.CompareTo(other.Transaction) : Sequence.CompareTo(other.Sequence);

    public static bool operator <(EventPosition left, EventPosition right) => left.CompareTo(right) < 0;

    public static bool operator >(EventPosition left, EventPosition right) => left.CompareTo(right) > 0;

    public static bool operator <=(EventPosition left, EventPosition right) => left.CompareTo(right) <= 0;

    public static bool operator >=(EventPosition left, EventPosition right) => left.CompareTo(right) >= 0;

    public override string ToString() => $"{Transaction}/{Sequence}";
}

/// <summary>The supervision rules (监管规则), each raising alerts for the supervisors of the place concerned.</summary>
public enum SupervisionRule
{
    /// <summary>A pension was paid for a month after the payee's notified death (冒领).</summary>
    PaidAfterDeath,

    /// <summary>One month of a person was paid a pension by two provinces (重复领取).</summary>
    PaidTwice,

    /// <summary>A person enrolled or contributing in two places for one month (重复参保).</summary>
    InsuredTwice,

    /// <summary>Many declarations of one place dropped their base sharply in one month (少报瞒报).</summary>
    BaseDrop,

    /// <summary>A settlement far above the usual fund amount of its place of care.</summary>
    SettlementOutlier,

    /// <summary>A transfer step passed its 15-working-day deadline.</summary>
    TransferOverdue,

    /// <summary>The clerk who opened a case decided it too (不相容岗位).</summary>
    SelfDecided,
}

/// <summary>An alert's life: raised open, acknowledged by a supervisor, resolved with a note.</summary>
public enum AlertStatus
{
    Open,
    Acknowledged,
    Resolved,
}

/// <summary>
/// An alert as supervisors see it. The subject is masked (a citizen id shows its region and last digits only); the
/// detail is English, and <see cref="Facts"/> holds its values for a page to say it in its own language.
/// </summary>
[GenerateSerializer, Immutable, Alias("jinbao.alert-view")]
public sealed record AlertView(
    string AlertId,
    SupervisionRule Rule,
    RegionCode Place,
    string Subject,
    string Detail,
    DateTimeOffset RaisedAt,
    AlertStatus Status,
    string? AcknowledgedBy,
    DateTimeOffset? AcknowledgedAt,
    string? ResolvedBy,
    DateTimeOffset? ResolvedAt,
    string? ResolutionNote,
    IReadOnlyDictionary<string, string> Facts);

/// <summary>
/// The payload of a statistics summary (province → national): the province's figures as its supervision grain counted
/// them at <see cref="SentAt"/>, without the per-city rows (a province's own business).
/// </summary>
public sealed record StatisticsSummaryPayload(StatisticsView Figures, DateTimeOffset SentAt);

/// <summary>The payload of a request for the national roll-up: the asking province, which must be the sender's.</summary>
public sealed record NationalStatisticsRequestPayload(RegionCode Province);

/// <summary>One province in the national roll-up: its latest summary and when national received it.</summary>
[GenerateSerializer, Immutable, Alias("jinbao.national-province-figures")]
public sealed record NationalProvinceFigures(RegionCode Province, DateTimeOffset SentAt, DateTimeOffset ReceivedAt, StatisticsView Figures);

/// <summary>
/// The national roll-up (全国汇总): every province's latest figures, from the signed summaries they sent, and the
/// national adjustments entered at national, whose progress in each province those figures tell.
/// </summary>
[GenerateSerializer, Immutable, Alias("jinbao.national-statistics")]
public sealed record NationalStatisticsView(IReadOnlyList<NationalProvinceFigures> Provinces, IReadOnlyList<Drawing.NationalAdjustmentView> Adjustments)
{
    /// <summary>How far the adjustment effective <paramref name="effectiveMonth"/> got in <paramref name="province"/>, by its latest summary; null when it has not told.</summary>
    public NationalAdjustmentProgress? ProgressOf(YearMonth effectiveMonth, RegionCode province) =>
        Provinces.FirstOrDefault(p => p.Province == province)?.Figures.NationalAdjustments?.FirstOrDefault(a => a.EffectiveMonth == effectiveMonth);
}
