using JinBao.Exchange;
using JinBao.Primitives;

namespace JinBao.Transfers;

/// <summary>The saga's cross-province half: the documents a step sends, and the steps a received document makes.</summary>
public sealed partial class TransferProcess
{
    /// <summary>Whether this cluster decides for <paramref name="city"/> (always, when standalone).</summary>
    public bool IsLocal(RegionCode city) => _cluster.Serves(city);

    /// <summary>
    /// Applies a document from the other province's grain, once: a known document id is a duplicate, and a document
    /// that does not fit the current step (or comes from a cluster that has no say in it) is ignored, never half-applied.
    /// </summary>
    /// <exception cref="Errors.JinBaoException">The payload is malformed (nothing changed).</exception>
    public string Receive(ExchangeDocument document)
    {
        if (state.ProcessedDocuments.Contains(document.DocumentId))
        {
            return "duplicate";
        }

        var outcome = document.Type switch
        {
            DocumentTypes.ContactLetter => ReceiveContactLetter(document, ExchangeJson.Read<ContactLetterPayload>(document)),
            DocumentTypes.CertificateAndFunds => ReceiveCertificate(document, ExchangeJson.Read<CertificatePayload>(document)),
            DocumentTypes.RejectionNotice => ReceiveRejection(document, ExchangeJson.Read<RejectionPayload>(document)),
            DocumentTypes.Acknowledgement => ReceiveAcknowledgement(document, ExchangeJson.Read<AcknowledgementPayload>(document)),
            _ => $"ignored: a transfer takes no {document.Type} documents",
        };
        state.ProcessedDocuments.Add(document.DocumentId);
        return outcome;
    }

    /// <summary>Old place: the contact letter opens the case here, awaiting the old city's clerk.</summary>
    private string ReceiveContactLetter(ExchangeDocument document, ContactLetterPayload letter)
    {
        if (state.IsApplied)
        {
            return state.CitizenId == document.CitizenId && state.FromCity == letter.FromCity && state.ToCity == letter.ToCity
                ? "duplicate"
                : "ignored: this transfer id belongs to another case";
        }

        if (!IsLocal(letter.FromCity) || IsLocal(letter.ToCity) || document.Sender != JinBaoCluster.IdOf(letter.ToCity)
            || !CitizenId.TryParse(document.CitizenId, out _))
        {
            return $"ignored: a contact letter from {document.Sender} for {letter.FromCity.Value} → {letter.ToCity.Value} is not for this province";
        }

        state.CitizenId = document.CitizenId;
        state.FromCity = letter.FromCity;
        state.ToCity = letter.ToCity;
        EnterStep(TransferStatus.ContactLetterIssued, letter.IssuedBy,
            $"contact letter (联系函) issued at {letter.ToCity.Value}{(letter.Note is { Length: > 0 } note ? $" ({note})" : "")}, received through the national exchange from {document.Sender}");
        return "applied";
    }

    /// <summary>New place: the form and funds arrived; the merge is saved as pending work with it.</summary>
    private string ReceiveCertificate(ExchangeDocument document, CertificatePayload payload)
    {
        if (!state.IsApplied || state.Status != TransferStatus.ContactLetterIssued || state.Pending != PendingWork.None
            || IsLocal(state.FromCity) || document.Sender != JinBaoCluster.IdOf(state.FromCity) || document.CitizenId != state.CitizenId
            || payload.Certificate.TransferId != id || payload.Certificate.FromCity != state.FromCity)
        {
            return $"ignored: the transfer is {state.Status}; a form from {document.Sender} does not fit it";
        }

        state.PendingRequest = new Requester($"exchange:{document.Sender}", document.DocumentId.Value);
        Released(payload.Certificate, payload.ReleasedBy);
        return "applied";
    }

    /// <summary>New place: the old place refused; the applicant sees its reason.</summary>
    private string ReceiveRejection(ExchangeDocument document, RejectionPayload payload)
    {
        if (!state.IsApplied || state.Status != TransferStatus.ContactLetterIssued || state.Pending != PendingWork.None
            || IsLocal(state.FromCity) || document.Sender != JinBaoCluster.IdOf(state.FromCity) || payload.City != state.FromCity)
        {
            return $"ignored: the transfer is {state.Status}; a rejection from {document.Sender} does not fit it";
        }

        state.RejectionReason = payload.Reason;
        Finish(TransferStatus.Rejected, payload.RejectedBy, payload.Reason);
        return "applied";
    }

    /// <summary>Old place: the new place merged; this side's part is done.</summary>
    private string ReceiveAcknowledgement(ExchangeDocument document, AcknowledgementPayload payload)
    {
        if (!state.IsApplied || state.Status != TransferStatus.CertificateAndFundsSent || IsLocal(state.ToCity)
            || document.Sender != JinBaoCluster.IdOf(state.ToCity) || payload.Result.TransferId != id)
        {
            return $"ignored: the transfer is {state.Status}; an acknowledgement from {document.Sender} does not fit it";
        }

        state.Merge = payload.Result;
        Finish(TransferStatus.Completed, $"exchange:{document.Sender}",
            $"{payload.City.Value} merged {payload.Result.MonthsMerged} months ({payload.Result.DuplicateMonths} duplicate months cleared there)");
        return "applied";
    }

    /// <summary>Old place, new place in another province: the form and funds leave through the exchange; the merge is theirs.</summary>
    private void ReleasedToOtherProvince(TransferCertificate certificate)
    {
        var actor = state.PendingRequest?.Actor ?? "system";
        state.Pending = PendingWork.None;
        EnterStep(TransferStatus.CertificateAndFundsSent, actor,
            ApprovedAt(state.FromCity) + $"form and funds sent to {state.ToCity.Value} through the national exchange: individual account {certificate.IndividualAccount}, pooled fund {certificate.PooledFund}");
        // National posts the funds on the national clearing as it forwards the certificate (清算单 and form are one document).
        Send(DocumentTypes.CertificateAndFunds, state.ToCity, new CertificatePayload(certificate, actor));
    }

    private void Send<T>(string type, RegionCode city, T payload) => Queue(type, JinBaoCluster.IdOf(city), payload);

    /// <summary>Queued with the step (same state write); its id is fixed per transfer and type, so a redone step resends the same document.</summary>
    private void Queue<T>(string type, string receiver, T payload) =>
        state.Effects.Add(ExchangeJson.Create(DocumentIds.ForTransfer(id, type), type, receiver, state.CitizenId!, id.ToString(), payload, now));
}
