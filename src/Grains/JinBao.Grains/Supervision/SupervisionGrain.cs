using JinBao.Effects;
using JinBao.Exchange;
using JinBao.Errors;
using JinBao.Grains.Effects;
using JinBao.Grains.Exchange;
using JinBao.Primitives;
using JinBao.Supervision;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

using Orleans.Streams;

namespace JinBao.Grains.Supervision;

/// <summary>
/// Counts a cluster's business events into its roll-ups and judges them by the supervision rules, as the business-event
/// stream delivers them; serves the figures and the alerts. State and position are one row, written with the alerts
/// the events raised: an event is counted, and its alert raised, once.
/// </summary>
[ImplicitStreamSubscription(BusinessEvents.StreamNamespace)]
public sealed partial class SupervisionGrain : Grain, ISupervisionGrain, IAsyncObserver<EventBatch>
{
    private readonly IPersistentState<SupervisionState> _state;
    private readonly EffectPipeline<SupervisionState> _pipeline;
    private readonly EventLog _log;
    private readonly LedgerBalances _ledger;
    private readonly AlertStore _alerts;
    private readonly EffectWriter _writer;
    private readonly JinBaoCluster _cluster;
    private readonly TimeProvider _clock;
    private readonly SupervisionThresholds _thresholds;
    private readonly ExchangeRequestClient _requests;
    private readonly ILogger<SupervisionGrain> _logger;

    // Events no figure reads (an exchange refusal's audit) move the position in memory only: read again after a
    // restart, they change nothing, and a quiet cluster's storage stays quiet.
    private long _savedChanges;

    /// <summary>The most events of a gap counted in one delivery (the rest in the next ones).</summary>
    public const int MaxGapPerDelivery = 20_000;

    /// <summary>National did not answer for the roll-up (down, or unreachable): retry later.</summary>
    public const string NationalUnavailableCode = "national-statistics-unavailable";

    public SupervisionGrain(
        [PersistentState("supervision", JinBaoStorage.ProviderName)] IPersistentState<SupervisionState> state,
        EventLog log,
        LedgerBalances ledger,
        AlertStore alerts,
        EffectWriter writer,
        JinBaoCluster cluster,
        TimeProvider clock,
        IOptions<SupervisionThresholds> thresholds,
        ExchangeRequestClient requests,
        ILogger<SupervisionGrain> logger)
    {
        _state = state;
        _log = log;
        _ledger = ledger;
        _alerts = alerts;
        _writer = writer;
        _cluster = cluster;
        _clock = clock;
        _thresholds = thresholds.Value;
        _requests = requests;
        _logger = logger;
        _pipeline = new EffectPipeline<SupervisionState>(this, state, logger);
    }

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _savedChanges = _state.State.Changes;

        // The figures reach national within a period of the last change even when no further event comes to carry them.
        if (_cluster.Province is { } province)
        {
            var period = TimeSpan.FromSeconds(Math.Max(1, _thresholds.SummaryEverySeconds));
            this.RegisterGrainTimer(_ => _pipeline.ChangeAsync(() => Rules(_state.State).SummariseForNational(province, _clock.GetUtcNow()), saveWhen: () => !_state.State.Pending.IsEmpty),
                new GrainTimerCreationOptions(period, period) { Interleave = false });
        }

        // Absent only where the stream is switched off (a benchmark): then the figures stand still, and nothing else.
        if (ServiceProvider.GetKeyedService<IStreamProvider>(BusinessEvents.ProviderName) is { } provider)
        {
            await provider.GetStream<EventBatch>(BusinessEvents.StreamId).SubscribeAsync(this);
        }
    }

    public async Task OnNextAsync(EventBatch batch, StreamSequenceToken? token = null)
    {
        if (batch.Events.Count == 0 || batch.Events[^1].Position <= _state.State.Position)
        {
            return; // all counted already
        }

        var gap = new List<LoggedEvent>();
        var gapFilled = true;
        if (batch.After > _state.State.Position)
        {
            // A delivery was lost (it failed past its retries, or a silo died with it): the log has what it carried. A long
            // gap (a queue that restarted from the log's start) is filled a slice per delivery, so no call outlives its timeout.
            LogGap(_state.State.Position.ToString(), batch.After.ToString());
            await foreach (var logged in _log.ReadRangeAsync(_state.State.Position, batch.After, BusinessEvents.BatchSize))
            {
                gap.Add(logged);
                if (gap.Count == MaxGapPerDelivery)
                {
                    gapFilled = false;
                    break;
                }
            }
        }

        await _pipeline.ChangeAsync(() =>
        {
            var rules = Rules(_state.State);
            var changed = (gapFilled ? gap.Concat(batch.Events) : gap).Count(rules.Count);
            if (_cluster.Province is { } province)
            {
                rules.SummariseForNational(province, _clock.GetUtcNow()); // signed and sent with this write
            }

            return changed;
        }, saveWhen: () => _state.State.Changes != _savedChanges || !_state.State.Pending.IsEmpty);
        _savedChanges = _state.State.Changes;
    }

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex) => Task.CompletedTask;

    public async Task<StatisticsView> GetStatisticsAsync()
    {
        await _pipeline.EnsureStateKnownAsync();
        return Rules(_state.State).ToView(_cluster.Province, _clock.Today());
    }

    public async Task<EventPosition> GetPositionAsync()
    {
        await _pipeline.EnsureStateKnownAsync();
        return _state.State.Position;
    }

    public Task<IReadOnlyList<FundBalance>> GetFundBalancesAsync() => _ledger.ReadAsync();

    public async Task<StatisticsView> RecomputeAsync()
    {
        var fresh = new SupervisionState();
        var rules = Rules(fresh);
        await foreach (var logged in _log.ReadRangeAsync(EventPosition.Start, _state.State.Position, BusinessEvents.BatchSize))
        {
            rules.Count(logged);
        }

        return rules.ToView(_cluster.Province, _clock.Today());
    }

    public async Task<NationalStatisticsView> GetNationalAsync()
    {
        if (_cluster.IsNational)
        {
            return await GrainFactory.GetGrain<INationalStatisticsGrain>(INationalStatisticsGrain.Key).GetAsync();
        }

        if (_cluster.Province is not { } province)
        {
            throw new JinBaoException(ErrorKind.NotFound, "national-roll-up-not-served",
                "A standalone cluster sends its figures to no national cluster: its own statistics are the whole picture.");
        }

        var answer = await _requests.AskNationalAsync(DocumentTypes.NationalStatisticsRequest, "", new NationalStatisticsRequestPayload(province),
            DocumentTypes.NationalStatistics, NationalUnavailableCode);
        return ExchangeJson.Read<NationalStatisticsView>(answer);
    }

    public Task<IReadOnlyList<AlertView>> GetAlertsAsync(RegionCode place, AlertStatus? status, int limit) =>
        _alerts.ListAsync(PlacesSeenFrom(place), status, limit);

    public async Task<AlertView> AcknowledgeAsync(string alertId, RegionCode place, Requester request)
    {
        var effects = new PendingEffects();
        var acknowledged = AlertLifecycle.Acknowledge(await _alerts.GetAsync(alertId, PlacesSeenFrom(place)), request, _clock.GetUtcNow(), effects);
        await _writer.DeliverAsync(effects);
        return acknowledged;
    }

    public async Task<AlertView> ResolveAsync(string alertId, string note, RegionCode place, Requester request)
    {
        var effects = new PendingEffects();
        var resolved = AlertLifecycle.Resolve(await _alerts.GetAsync(alertId, PlacesSeenFrom(place)), note, request, _clock.GetUtcNow(), effects);
        await _writer.DeliverAsync(effects);
        return resolved;
    }

    /// <summary>A city's supervisors see its alerts and their province's own (a pension's recovery, which the province pays).</summary>
    private static IReadOnlyList<string> PlacesSeenFrom(RegionCode place) =>
        place.Level == RegionLevel.Province ? [place.Value] : [place.Value, place.Province.Value];

    private JinBao.Supervision.Supervision Rules(SupervisionState state) => new(state, _thresholds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The business-event stream skipped from {Counted} to {Delivered}; the gap is read from the event log")]
    private partial void LogGap(string counted, string delivered);
}
