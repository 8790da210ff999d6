using JinBao.Drawing;
using JinBao.Errors;
using JinBao.Exchange;
using JinBao.Persons;
using JinBao.Primitives;

using Microsoft.Extensions.Logging;

namespace JinBao.Grains.Drawing;

/// <summary>
/// A drawing province's payments, keyed by province code. Holds no state of its own: the run's progress lives in
/// PostgreSQL, so any silo can resume a run after a crash by starting it again.
/// </summary>
[GrainType("pension-payments")]
public sealed partial class PensionPaymentsGrain(PaymentRun run, PaymentQueries queries, JinBaoCluster cluster, ILogger<PensionPaymentsGrain> logger)
    : Grain, IPensionPaymentsGrain
{
    private readonly Dictionary<YearMonth, Task> _running = [];

    private RegionCode Province => RegionCode.Parse(this.GetPrimaryKeyString());

    public Task<AdjustmentRuleView> AddAdjustmentRuleAsync(AdjustmentRuleView rule, Requester request)
    {
        if (rule.Scope != "all" && rule.Scope != Province.Value)
        {
            throw new JinBaoException(ErrorKind.RuleViolation, "adjustment-scope-other-province",
                $"This is {Province.Value}'s payment office: add rules for {Province.Value}, not {rule.Scope}.");
        }

        // In the exchange a rule for every province is national's: entered there once, it reaches every province.
        if (rule.Scope == NationalAdjustmentView.NationalScope && !cluster.IsStandalone)
        {
            throw new JinBaoException(ErrorKind.RuleViolation, "adjustment-scope-national",
                $"Rules for every province ('all') are entered once at the national exchange, which sends them to each province; add rules for {Province.Value} here.");
        }

        LogRuleAdded(rule.Scope, rule.EffectiveMonth.ToString(), request.Actor);
        return queries.AddRuleAsync(rule);
    }

    public Task<IReadOnlyList<AdjustmentRuleView>> GetAdjustmentRulesAsync() => queries.GetRulesAsync(Province);

    public Task<IReadOnlyList<PaymentLineView>> GetPaymentsAsync(CitizenId citizenId, int limit) => queries.GetPaymentsAsync(Province, citizenId, limit);

    public async Task<PaymentRunView> StartRunAsync(YearMonth month, Requester request)
    {
        await run.BeginAsync(Province, month);
        if (!_running.TryGetValue(month, out var task) || task.IsCompleted)
        {
            // Off the grain's scheduler: the run is long and commits its own progress; reads stay answerable meanwhile.
            var province = Province;
            _running[month] = Task.Run(async () =>
            {
                try
                {
                    var done = await run.RunAsync(province, month);
                    LogRunCompleted(province.Value, month.ToString(), done.Lines, done.Total.Fen);
                }
                catch (Exception exception)
                {
                    LogRunFailed(exception, province.Value, month.ToString()); // progress is committed per chunk: start it again to resume
                }
            });
            LogRunStarted(province.Value, month.ToString(), request.Actor);
        }

        return await GetRunAsync(month);
    }

    public async Task<PaymentRunView> GetRunAsync(YearMonth month) =>
        await queries.FindRunAsync(Province, month)
        ?? throw new JinBaoException(ErrorKind.NotFound, "payment-run-not-found", $"No payment run of {Province.Value} for {month}: start it first.");

    public Task<IReadOnlyList<PaymentBatchView>> GetBatchesAsync(YearMonth month) => queries.GetBatchesAsync(Province, month);

    public Task<IReadOnlyList<RecoveryCaseView>> GetRecoveryCasesAsync(int limit) => queries.GetRecoveryCasesAsync(Province, limit);

    [LoggerMessage(Level = LogLevel.Information, Message = "Adjustment rule for {Scope} effective {Month} added by {Actor}")]
    private partial void LogRuleAdded(string scope, string month, string actor);

    [LoggerMessage(Level = LogLevel.Information, Message = "Payment run {Province} {Month} started by {Actor}")]
    private partial void LogRunStarted(string province, string month, string actor);

    [LoggerMessage(Level = LogLevel.Information, Message = "Payment run {Province} {Month} completed: {Lines} lines, {TotalFen} fen")]
    private partial void LogRunCompleted(string province, string month, long lines, long totalFen);

    [LoggerMessage(Level = LogLevel.Error, Message = "Payment run {Province} {Month} stopped; start it again to resume")]
    private partial void LogRunFailed(Exception exception, string province, string month);
}
