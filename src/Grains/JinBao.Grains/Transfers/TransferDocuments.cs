using JinBao.Exchange;
using JinBao.Primitives;

namespace JinBao.Transfers;

/// <summary>
/// The cross-province side of a transfer: the same transfer id lives in the new place's and the old place's cluster,
/// and the two grains talk through the exchange. Called by the inbox dispatcher only.
/// </summary>
[Alias("jinbao.ITransferExchangeGrain")]
public interface ITransferExchangeGrain : IGrainWithGuidKey
{
    /// <summary>Applies a transfer document once (deduped by document id in the same write); returns the outcome.</summary>
    [Alias("receive-document")]
    Task<string> ReceiveDocumentAsync(ExchangeDocument document);
}

/// <summary>联系函 (new → old): the new place approved the application; the old place's clerk decides.</summary>
public sealed record ContactLetterPayload(RegionCode FromCity, RegionCode ToCity, string IssuedBy, string? Note);

/// <summary>转移接续信息表 and the funds (old → new).</summary>
public sealed record CertificatePayload(TransferCertificate Certificate, string ReleasedBy);

/// <summary>The old place refused, with the reason shown to the applicant (old → new).</summary>
public sealed record RejectionPayload(RegionCode City, string Reason, string RejectedBy);

/// <summary>The new place merged (new → old).</summary>
public sealed record AcknowledgementPayload(MergeResult Result, RegionCode City);

/// <summary>清算单 (old → national): what one transfer moved from one province's fund to another's.</summary>
public sealed record FundsClearingPayload(
    RegionCode FromProvince,
    RegionCode ToProvince,
    string FromPoolingArea,
    string ToPoolingArea,
    Money IndividualAccount,
    Money PooledFund)
{
    public Money Total => IndividualAccount + PooledFund;
}

/// <summary>Hands the transfer documents between the two places to the transfer's grain in this cluster.</summary>
public sealed class TransferDocumentHandler(IGrainFactory grains) : IExchangeDocumentHandler
{
    public IReadOnlySet<string> AppliesTo { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        DocumentTypes.ContactLetter, DocumentTypes.CertificateAndFunds, DocumentTypes.RejectionNotice, DocumentTypes.Acknowledgement,
    };

    public Task<string> ApplyAsync(ExchangeDocument document) => Guid.TryParse(document.TransferId, out var transferId)
        ? grains.GetGrain<ITransferExchangeGrain>(transferId).ReceiveDocumentAsync(document)
        : Task.FromResult($"ignored: {document.Type} without a transfer id");
}
