using JinBao.Drawing;
using JinBao.Effects;
using JinBao.Errors;
using JinBao.Exchange;
using JinBao.Grains.Effects;
using JinBao.Grains.Exchange;
using JinBao.Primitives;
using JinBao.Supervision;

using Microsoft.Extensions.Logging;

namespace JinBao.Grains.Supervision;

/// <summary>National's roll-up of the provinces' statistics summaries: the latest each province signed and sent.</summary>
[Alias("jinbao.INationalStatisticsGrain")]
public interface INationalStatisticsGrain : IGrainWithStringKey
{
    /// <summary>The one key (national has one roll-up).</summary>
    public const string Key = "national";

    /// <summary>Keeps the summary if it is its province's newest; returns the outcome for the inbox row.</summary>
    [Alias("receive-summary")]
    Task<string> ReceiveAsync(ExchangeDocument summary);

    [Alias("get-national")]
    Task<NationalStatisticsView> GetAsync();
}

/// <summary>Stored as JSON in the grain storage row named <c>national-statistics</c>.</summary>
public sealed class NationalStatisticsState : IHoldEffects
{
    /// <summary>Per province code: its latest summary.</summary>
    public Dictionary<string, NationalProvinceFigures> Provinces { get; set; } = [];

    public PendingEffects Pending { get; set; } = new();
}

/// <inheritdoc cref="INationalStatisticsGrain"/>
public sealed class NationalStatisticsGrain : Grain, INationalStatisticsGrain
{
    private readonly IPersistentState<NationalStatisticsState> _state;
    private readonly EffectPipeline<NationalStatisticsState> _pipeline;
    private readonly TimeProvider _clock;

    public NationalStatisticsGrain(
        [PersistentState("national-statistics", JinBaoStorage.ProviderName)] IPersistentState<NationalStatisticsState> state,
        TimeProvider clock,
        ILogger<NationalStatisticsGrain> logger)
    {
        _state = state;
        _clock = clock;
        _pipeline = new EffectPipeline<NationalStatisticsState>(this, state, logger);
    }

    public Task<string> ReceiveAsync(ExchangeDocument summary)
    {
        var payload = ExchangeJson.Read<StatisticsSummaryPayload>(summary);
        if (payload.Figures.Province is not { } province || summary.Sender != JinBaoCluster.IdOf(province))
        {
            return Task.FromResult($"ignored: {summary.Sender} may send only its own province's figures");
        }

        var known = _state.State.Provinces.GetValueOrDefault(province.Value);
        if (known is not null && known.Figures.Position >= payload.Figures.Position)
        {
            return Task.FromResult("ignored: an older summary than the one kept");
        }

        return _pipeline.ChangeAsync(() =>
        {
            _state.State.Provinces[province.Value] = new NationalProvinceFigures(province, payload.SentAt, _clock.GetUtcNow(), payload.Figures);
            return "applied";
        }, saveWhen: () => true);
    }

    public async Task<NationalStatisticsView> GetAsync()
    {
        await _pipeline.EnsureStateKnownAsync();
        var adjustments = await GrainFactory.GetGrain<INationalAdjustmentGrain>(INationalAdjustmentGrain.Key).GetAllAsync();
        return new NationalStatisticsView([.. _state.State.Provinces.Values.OrderBy(p => p.Province.Value, StringComparer.Ordinal)], adjustments);
    }
}

/// <summary>
/// The statistics' two exchange types at national: a province's summary (queued) goes to the roll-up; a province's
/// request for the roll-up is answered with it, signed by national.
/// </summary>
public sealed class StatisticsExchangeHandler(IGrainFactory grains, JinBaoCluster cluster, ExchangeKeyRing keys, TimeProvider clock)
    : IExchangeDocumentHandler, IExchangeRequestHandler
{
    public IReadOnlySet<string> AppliesTo { get; } = new HashSet<string>(StringComparer.Ordinal) { DocumentTypes.StatisticsSummary };

    public IReadOnlySet<string> RequestTypes { get; } = new HashSet<string>(StringComparer.Ordinal) { DocumentTypes.NationalStatisticsRequest };

    public Task<string> ApplyAsync(ExchangeDocument document) => cluster.IsNational
        ? grains.GetGrain<INationalStatisticsGrain>(INationalStatisticsGrain.Key).ReceiveAsync(document)
        : Task.FromResult($"ignored: {cluster} keeps no national roll-up");

    public async Task<(ExchangeReceipt Receipt, ExchangeDocument? Answer)> HandleAsync(ExchangeDocument request)
    {
        if (!cluster.IsNational)
        {
            return (new ExchangeReceipt(422, "document-misrouted", $"{cluster} does not answer {request.Type}."), null);
        }

        try
        {
            // The roll-up is for the provinces of the exchange: a request names its own province, as its signature does.
            if (ExchangeJson.Read<NationalStatisticsRequestPayload>(request).Province is var province && request.Sender != JinBaoCluster.IdOf(province))
            {
                return (new ExchangeReceipt(403, "document-sender-not-allowed", $"{request.Sender} asks as {province.Value}."), null);
            }
        }
        catch (JinBaoException exception)
        {
            return (ExchangeReceipt.RefusedBy(exception), null);
        }

        var view = await grains.GetGrain<INationalStatisticsGrain>(INationalStatisticsGrain.Key).GetAsync();
        var answer = keys.Sign(ExchangeJson.Create(DocumentId.New(), DocumentTypes.NationalStatistics, request.Sender, "", null, view, clock.GetUtcNow()));
        return (new ExchangeReceipt(200, "answered", ""), answer);
    }
}
