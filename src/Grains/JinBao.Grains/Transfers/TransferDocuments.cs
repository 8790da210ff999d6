using JinBao.Exchange;
using JinBao.Grains.Exchange;
using JinBao.Primitives;
using JinBao.Transfers;

namespace JinBao.Grains.Transfers;

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
