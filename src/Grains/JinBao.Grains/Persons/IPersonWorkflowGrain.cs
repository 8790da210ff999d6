using JinBao.Transfers;

namespace JinBao.Persons;

/// <summary>
/// The person's side of workflows that other grains drive: the release and merge of a transfer saga, year-end interest.
/// Implemented by the same person grain as <see cref="IInsuredPersonGrain"/>, but declared here, in the grains assembly,
/// so the API — which references only the contracts — cannot call a saga step out of turn.
/// </summary>
[Alias("jinbao.IPersonWorkflowGrain")]
public interface IPersonWorkflowGrain : IGrainWithStringKey
{
    /// <summary>Releases the relationship held at the old city for a transfer; repeated for the same transfer id, returns the same form.</summary>
    [Alias("release-for-transfer")]
    Task<TransferCertificate> ReleaseForTransferAsync(ReleaseForTransfer command);

    /// <summary>Merges a released relationship at the new city; repeated for the same transfer id, returns the same result.</summary>
    [Alias("merge-transfer")]
    Task<MergeResult> MergeTransferAsync(MergeTransfer command);

    /// <summary>Credits a closed year's interest (记账利率, spec §2.1) to every segment; once per year.</summary>
    [Alias("credit-interest")]
    Task<PersonRecord> CreditInterestAsync(int year, Requester request);
}
