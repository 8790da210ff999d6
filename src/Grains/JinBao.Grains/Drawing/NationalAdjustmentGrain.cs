using System.Text.Json;

using JinBao.Drawing;
using JinBao.Effects;
using JinBao.Errors;
using JinBao.Exchange;
using JinBao.Grains.Effects;
using JinBao.Grains.Exchange;
using JinBao.Primitives;

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JinBao.Grains.Drawing;

/// <summary>Stored as JSON in the grain storage row named <c>national-adjustments</c>.</summary>
public sealed class NationalAdjustmentState : IHoldEffects
{
    public List<NationalAdjustmentView> Adjustments { get; set; } = [];

    public PendingEffects Pending { get; set; } = new();
}

/// <inheritdoc cref="INationalAdjustmentGrain"/>
/// <remarks>
/// The rule, its documents and its audit event are one write (the outbox is in national's database), so a rule is
/// never entered without being sent, nor sent twice: each province's document id derives from the month and the
/// province, and the province stores an <c>all</c> rule for a month once.
/// </remarks>
public sealed partial class NationalAdjustmentGrain : Grain, INationalAdjustmentGrain
{
    private readonly IPersistentState<NationalAdjustmentState> _state;
    private readonly EffectPipeline<NationalAdjustmentState> _pipeline;
    private readonly JinBaoCluster _cluster;
    private readonly ExchangeOptions _exchange;
    private readonly TimeProvider _clock;
    private readonly ILogger<NationalAdjustmentGrain> _logger;

    public NationalAdjustmentGrain(
        [PersistentState("national-adjustments", JinBaoStorage.ProviderName)] IPersistentState<NationalAdjustmentState> state,
        JinBaoCluster cluster,
        IOptions<ExchangeOptions> exchange,
        TimeProvider clock,
        ILogger<NationalAdjustmentGrain> logger)
    {
        _state = state;
        _cluster = cluster;
        _exchange = exchange.Value;
        _clock = clock;
        _logger = logger;
        _pipeline = new EffectPipeline<NationalAdjustmentState>(this, state, logger);
    }

    public async Task<NationalAdjustmentView> EnterAsync(AdjustmentRuleView rule, Requester request)
    {
        NationalAdjustmentView.Validate(rule);
        var provinces = _exchange.ClusterRoutes.Keys.Where(id => JinBaoCluster.TryParse(id, out var c) && c.IsProvince).Order(StringComparer.Ordinal).ToList();
        if (!_cluster.IsNational || provinces.Count == 0)
        {
            throw new JinBaoException(ErrorKind.RuleViolation, "national-adjustment-not-here",
                $"National adjustments are entered at the national exchange, which sends them to the provinces it routes to; {_cluster} is not it, or routes to no province.");
        }

        await _pipeline.EnsureStateKnownAsync();
        if (_state.State.Adjustments.FirstOrDefault(a => a.EffectiveMonth == rule.EffectiveMonth) is { } entered)
        {
            return entered.IsSameRule(rule)
                ? entered // entered again (a retried command): nothing new is sent
                : throw new JinBaoException(ErrorKind.RuleViolation, "adjustment-rule-exists",
                    $"A national rule effective {rule.EffectiveMonth} was entered already ({entered.Percent} % and {entered.FixedFen} fen, by {entered.EnteredBy}); rules are never edited: enter a correcting rule for another month.");
        }

        var view = await _pipeline.ChangeAsync(() =>
        {
            var now = _clock.GetUtcNow();
            var adjustment = new NationalAdjustmentView(rule.EffectiveMonth, rule.Percent, rule.Fixed.Fen, rule.Description, request.Actor, now, provinces);
            _state.State.Adjustments.Add(adjustment);
            var payload = new NationalAdjustmentPayload(rule.EffectiveMonth, rule.Percent, rule.Fixed.Fen, rule.Description, now);
            foreach (var province in provinces)
            {
                _state.State.Pending.Add(ExchangeJson.Create(DocumentIds.ForNationalAdjustment(rule.EffectiveMonth, province), DocumentTypes.NationalAdjustment,
                    province, "", null, payload, now));
            }

            var stream = $"national-adjustment:{rule.EffectiveMonth}";
            _state.State.Pending.Add(new AuditEvent($"{stream}:entered", stream, "national-adjustment-entered", request.Actor, request.RequestId,
                JsonSerializer.Serialize(new { effectiveMonth = rule.EffectiveMonth.ToString(), percent = rule.Percent, fixedFen = rule.Fixed.Fen, rule.Description, sentTo = provinces }), now));
            return adjustment;
        });
        LogEntered(rule.EffectiveMonth.ToString(), provinces.Count, request.Actor);
        return view;
    }

    public async Task<IReadOnlyList<NationalAdjustmentView>> GetAllAsync()
    {
        await _pipeline.EnsureStateKnownAsync();
        return [.. _state.State.Adjustments.OrderBy(a => a.EffectiveMonth)];
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "National adjustment effective {Month} entered by {Actor}, sent to {Provinces} provinces")]
    private partial void LogEntered(string month, int provinces, string actor);
}

/// <summary>
/// A province stores national's adjustment as its <c>all</c> rule (with the business event that tells national it
/// arrived). National itself, or a document not signed by national, changes nothing.
/// </summary>
public sealed class NationalAdjustmentHandler(PaymentQueries queries, JinBaoCluster cluster) : IExchangeDocumentHandler
{
    public IReadOnlySet<string> AppliesTo { get; } = new HashSet<string>(StringComparer.Ordinal) { DocumentTypes.NationalAdjustment };

    public async Task<string> ApplyAsync(ExchangeDocument document)
    {
        if (cluster.Province is not { } province)
        {
            return $"ignored: {cluster} pays no pensions";
        }

        if (document.Sender != JinBaoCluster.NationalId)
        {
            return $"ignored: only national sends national adjustments, not {document.Sender}";
        }

        var rule = ExchangeJson.Read<NationalAdjustmentPayload>(document).ToRule();
        return await queries.ReceiveNationalRuleAsync(province, rule)
            ? $"applied: rule effective {rule.EffectiveMonth} stored for the next payment run"
            : $"duplicate: a rule for all effective {rule.EffectiveMonth} is stored already";
    }
}
