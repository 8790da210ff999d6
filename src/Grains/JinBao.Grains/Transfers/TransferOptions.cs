using JinBao.Primitives;
using JinBao.Transfers;

namespace JinBao.Grains.Transfers;

/// <summary>Section <c>JinBao:Transfers</c>.</summary>
public sealed class TransferOptions
{
    public const string SectionName = "JinBao:Transfers";

    /// <summary>How often the cluster's sweep wakes every open transfer to resume saved work and check its deadline (one durable Orleans reminder per cluster).</summary>
    public TimeSpan DeadlineCheckPeriod { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often a silo reads the agencies' own auto-approval policies (a supervisor's change reaches every silo within it).</summary>
    public TimeSpan PolicyRefreshPeriod { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// A seam before each saga step's work: does nothing in production; the crash tests use it to kill a silo exactly
/// between "step saved" and "step done".
/// </summary>
public class TransferStepProbe
{
    public virtual Task BeforeAsync(TransferId transferId, PendingWork work) => Task.CompletedTask;
}
