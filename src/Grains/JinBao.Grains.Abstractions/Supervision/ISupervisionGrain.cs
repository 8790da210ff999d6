using JinBao.Primitives;

namespace JinBao.Supervision;

/// <summary>
/// A province's supervision (基金监管) and statistics (宏观决策), keyed by the province code: the live roll-ups the
/// business-event stream feeds, and the alerts its rules raise, with their life (open → acknowledged → resolved).
/// </summary>
[Alias("jinbao.ISupervisionGrain")]
public interface ISupervisionGrain : IGrainWithStringKey
{
    /// <summary>The roll-ups as of the last event counted.</summary>
    [Alias("get-statistics")]
    Task<StatisticsView> GetStatisticsAsync();

    /// <summary>How far into the event log the roll-ups have counted: where the stream resumes after a restart.</summary>
    [Alias("get-position")]
    Task<EventPosition> GetPositionAsync();

    /// <summary>The balance of every account of the cluster's ledger (基金余额), as the ledger holds it now.</summary>
    [Alias("get-fund-balances")]
    Task<IReadOnlyList<FundBalance>> GetFundBalancesAsync();

    /// <summary>
    /// The same roll-ups recomputed from the whole event log, without touching the live ones: what a rebuild would
    /// give, for comparing (and for the person who doubts a figure).
    /// </summary>
    [Alias("recompute-statistics")]
    Task<StatisticsView> RecomputeAsync();

    /// <summary>
    /// The national roll-up: every province's latest figures, from the signed summaries the provinces send national (a
    /// province cluster asks national; national answers from its own).
    /// </summary>
    /// <exception cref="Errors.JinBaoException">National does not answer (unavailable), or the cluster is standalone (not found).</exception>
    [Alias("get-national-statistics")]
    Task<NationalStatisticsView> GetNationalAsync();

    /// <summary>Alerts of <paramref name="place"/> (a city, or the province itself for all of them), newest first.</summary>
    [Alias("get-alerts")]
    Task<IReadOnlyList<AlertView>> GetAlertsAsync(RegionCode place, AlertStatus? status, int limit);

    /// <summary>A supervisor of <paramref name="place"/> takes the alert up. Only an open alert can be acknowledged.</summary>
    /// <exception cref="Errors.JinBaoException">No such alert among the place's (not found), or not open (conflict).</exception>
    [Alias("acknowledge-alert")]
    Task<AlertView> AcknowledgeAsync(string alertId, RegionCode place, Requester request);

    /// <summary>A supervisor of <paramref name="place"/> closes the alert with what was found. An open or acknowledged alert can be resolved.</summary>
    /// <exception cref="Errors.JinBaoException">No such alert among the place's, already resolved, or an empty note.</exception>
    [Alias("resolve-alert")]
    Task<AlertView> ResolveAsync(string alertId, string note, RegionCode place, Requester request);
}

/// <summary>Where to find a cluster's supervision grain.</summary>
public static class SupervisionGrains
{
    /// <summary>
    /// The one key: a cluster (a province, or a developer's standalone cluster) has one event log and one supervision
    /// grain counting it, whose figures break down by city.
    /// </summary>
    public const string Key = "cluster";
}
