using JinBao.Transfers;

namespace JinBao.Grains.Transfers;

/// <summary>
/// What the transfer saga asks of the person it moves: release the relationship at the old place, merge it at the new.
/// The person grain implements it; it is declared here, with the saga that needs it and in the grains assembly, so the
/// API — which references only the contracts — cannot call a saga step out of turn, and the transfer slice does not
/// depend on the persons slice.
/// </summary>
[Alias("jinbao.ITransferPartyGrain")]
public interface ITransferPartyGrain : IGrainWithStringKey
{
    /// <summary>Releases the relationship held at the old city for a transfer; repeated for the same transfer id, returns the same form.</summary>
    [Alias("release-for-transfer")]
    Task<TransferCertificate> ReleaseForTransferAsync(ReleaseForTransfer command);

    /// <summary>Merges a released relationship at the new city; repeated for the same transfer id, returns the same result.</summary>
    [Alias("merge-transfer")]
    Task<MergeResult> MergeTransferAsync(MergeTransfer command);
}
