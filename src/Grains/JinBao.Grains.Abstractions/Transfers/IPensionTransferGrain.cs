using JinBao.Primitives;

namespace JinBao.Transfers;

/// <summary>
/// One pension relationship transfer (养老保险关系转移接续, spec §3.4), keyed by <see cref="TransferId"/>.
/// </summary>
/// <remarks>
/// Every step is persisted together with the work it starts, and the receiving person grain dedupes by transfer id,
/// so a silo crash at any point resumes the saga and funds move exactly once.
/// </remarks>
[Alias("jinbao.IPensionTransferGrain")]
public interface IPensionTransferGrain : IGrainWithGuidKey
{
    /// <summary>Applies at the new place. Applying again with the same id and content returns the same transfer.</summary>
    [Alias("apply")]
    Task<TransferView> ApplyAsync(ApplyForTransfer command);

    /// <summary>Approves the awaited decision (new place's review, or old place's processing).</summary>
    [Alias("approve")]
    Task<TransferView> ApproveAsync(TransferDecision decision);

    /// <summary>Rejects the awaited decision with a reason; the transfer ends as <see cref="TransferStatus.Rejected"/>.</summary>
    [Alias("reject")]
    Task<TransferView> RejectAsync(TransferDecision decision);

    /// <summary>Withdraws the application (only before the old place released anything).</summary>
    [Alias("cancel")]
    Task<TransferView> CancelAsync(TransferDecision decision);

    /// <summary>The transfer's status, timeline, deadlines and escalations.</summary>
    [Alias("get")]
    Task<TransferView> GetAsync();
}
