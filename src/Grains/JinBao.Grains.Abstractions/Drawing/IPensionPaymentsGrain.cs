using JinBao.Primitives;

namespace JinBao.Drawing;

/// <summary>
/// A drawing province's pension payments (异地领取养老金), keyed by the province code: adjustment rules, monthly payment
/// runs over the payee projection (set-based SQL, no person grain activated), and recovery cases.
/// </summary>
[Alias("jinbao.IPensionPaymentsGrain")]
public interface IPensionPaymentsGrain : IGrainWithStringKey
{
    /// <summary>Adds an adjustment rule (one insert); every later payment reflects it.</summary>
    /// <exception cref="Errors.JinBaoException">Invalid rule, or a rule for the same scope and month exists.</exception>
    [Alias("add-adjustment-rule")]
    Task<AdjustmentRuleView> AddAdjustmentRuleAsync(AdjustmentRuleView rule, Requester request);

    /// <summary>The rules that apply to this province (its own and the <c>all</c> ones), in the order they compound.</summary>
    [Alias("get-adjustment-rules")]
    Task<IReadOnlyList<AdjustmentRuleView>> GetAdjustmentRulesAsync();

    /// <summary>Starts (or resumes) the payment run of a month in the background and returns its progress; a completed run is returned as it is.</summary>
    [Alias("start-run")]
    Task<PaymentRunView> StartRunAsync(YearMonth month, Requester request);

    /// <summary>The run of a month with its progress.</summary>
    /// <exception cref="Errors.JinBaoException">No run for that month (<see cref="Errors.ErrorKind.NotFound"/>).</exception>
    [Alias("get-run")]
    Task<PaymentRunView> GetRunAsync(YearMonth month);

    /// <summary>The bank batches of a completed run (empty while it runs).</summary>
    [Alias("get-batches")]
    Task<IReadOnlyList<PaymentBatchView>> GetBatchesAsync(YearMonth month);

    /// <summary>The months this province paid a person, latest first (at most <paramref name="limit"/>, 1–1000).</summary>
    [Alias("get-payments-of")]
    Task<IReadOnlyList<PaymentLineView>> GetPaymentsAsync(CitizenId citizenId, int limit);

    /// <summary>Recovery cases of this province, newest first.</summary>
    [Alias("get-recovery-cases")]
    Task<IReadOnlyList<RecoveryCaseView>> GetRecoveryCasesAsync(int limit);
}
