using JinBao.Clearing;
using JinBao.Index;
using JinBao.Transfers;

namespace JinBao.Exchange;

/// <summary>Hands an inbox document to the grain that applies it; that grain dedupes by document id.</summary>
public sealed class DocumentDispatcher(IGrainFactory grains)
{
    /// <summary>Applies the document; returns the outcome to record on the inbox row.</summary>
    /// <exception cref="Errors.JinBaoException">The document cannot be applied, ever (recorded, not retried); or, of kind <see cref="Errors.ErrorKind.Unavailable"/>, not now (retried).</exception>
    public Task<string> DispatchAsync(ExchangeDocument document) => document.Type switch
    {
        DocumentTypes.ActiveReleased or DocumentTypes.CustodyMoved =>
            grains.GetGrain<IPersonIndexGrain>(document.CitizenId).ReceiveDocumentAsync(document),
        DocumentTypes.FundsClearing =>
            grains.GetGrain<IClearingGrain>(ClearingGrain.KeyOf(ExchangeJson.Read<FundsClearingPayload>(document))).ReceiveDocumentAsync(document),
        DocumentTypes.ContactLetter or DocumentTypes.CertificateAndFunds or DocumentTypes.RejectionNotice or DocumentTypes.Acknowledgement
            when Guid.TryParse(document.TransferId, out var transferId) =>
            grains.GetGrain<ITransferExchangeGrain>(transferId).ReceiveDocumentAsync(document),
        _ => Task.FromResult($"ignored: no handler for {document.Type}"),
    };
}
