namespace JinBao.Transfers;

/// <summary>Section <c>JinBao:Transfers</c>.</summary>
public sealed class TransferOptions
{
    public const string SectionName = "JinBao:Transfers";

    /// <summary>How often an open transfer wakes to resume saved work and check its deadline (an Orleans reminder, durable).</summary>
    public TimeSpan DeadlineCheckPeriod { get; set; } = TimeSpan.FromHours(1);
}

/// <summary>
/// A seam before each saga step's work: does nothing in production; the crash tests use it to kill a silo exactly
/// between "step saved" and "step done".
/// </summary>
public class TransferStepProbe
{
    public virtual Task BeforeAsync(TransferId transferId, PendingWork work) => Task.CompletedTask;
}
