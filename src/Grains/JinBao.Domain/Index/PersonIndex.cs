using System.Text.Json;

using JinBao.Effects;
using JinBao.Exchange;
using JinBao.Primitives;
using JinBao.Transfers;

namespace JinBao.Index;

/// <summary>
/// The rules of one person's national index entry, applied to <see cref="PersonIndexState"/>: pure, no I/O. Every
/// call that changes something queues an audit event, saved with the change.
/// </summary>
public sealed class PersonIndex(PersonIndexState state, string citizenId, DateTimeOffset now)
{
    public PersonIndexState State => state;

    /// <summary>Grants the active claim unless another province holds it (重复参保 is refused, and the refusal audited).</summary>
    public ActiveClaimResult Claim(ActiveClaim claim)
    {
        if (state.ActiveProvince is { } active && active != claim.Province)
        {
            Audit("index-claim-refused", $"cluster:{JinBaoCluster.IdOf(claim.Province)}", new { province = claim.Province.Value, city = claim.City.Value, activeProvince = active.Value, actor = claim.Actor });
            return new ActiveClaimResult(false, active, null, state.CustodyProvince);
        }

        var previous = state.ActiveProvince == claim.Province ? null : state.LastActiveProvince;
        if (state.ActiveProvince == claim.Province)
        {
            if (claim.Sequence > state.ActiveSequence)
            {
                state.ActiveSequence = claim.Sequence; // a move between two cities of the province: no audit, nothing else changes
            }

            return new ActiveClaimResult(true, claim.Province, null, state.CustodyProvince);
        }

        state.ActiveProvince = claim.Province;
        state.ActiveSequence = claim.Sequence;
        state.CustodyProvince ??= claim.Province; // the first province a person is insured in holds the relationship
        Audit("index-active-claimed", $"cluster:{JinBaoCluster.IdOf(claim.Province)}", new { province = claim.Province.Value, city = claim.City.Value, actor = claim.Actor, custody = state.CustodyProvince?.Value });
        return new ActiveClaimResult(true, claim.Province, previous == claim.Province ? null : previous, state.CustodyProvince);
    }

    /// <summary>Applies a queued document once; returns the outcome recorded on the inbox row.</summary>
    public string Receive(ExchangeDocument document)
    {
        if (!state.ProcessedDocuments.Add(document.DocumentId))
        {
            return "duplicate";
        }

        var outcome = document.Type switch
        {
            DocumentTypes.ActiveReleased => Release(document, ExchangeJson.Read<ActiveReleasedPayload>(document)),
            DocumentTypes.Acknowledgement => MoveCustody(document, ExchangeJson.Read<AcknowledgementPayload>(document)),
            DocumentTypes.CustodyMoved => MoveCustody(document, ExchangeJson.Read<CustodyMovedPayload>(document)),
            _ => $"ignored: the index does not take {document.Type} documents",
        };
        if (outcome.StartsWith("ignored", StringComparison.Ordinal))
        {
            Audit("index-document-ignored", $"cluster:{document.Sender}", new { documentId = document.DocumentId, type = document.Type, outcome });
        }

        return outcome;
    }

    public PersonIndexView ToView() => new(state.ActiveProvince, state.CustodyProvince, state.CustodyTransfers.ToList());

    private string Release(ExchangeDocument document, ActiveReleasedPayload payload)
    {
        if (document.Sender != JinBaoCluster.IdOf(payload.Province))
        {
            return $"ignored: {document.Sender} cannot release {payload.Province.Value}'s claim";
        }

        // A release older than the province's latest claim (the person stopped, then enrolled there again before the
        // release arrived) must not clear the newer claim.
        if (state.ActiveProvince != payload.Province || payload.Sequence <= state.ActiveSequence)
        {
            return "ignored: stale (the province does not hold a claim older than this release)";
        }

        state.ActiveProvince = null;
        state.LastActiveProvince = payload.Province;
        Audit("index-active-released", $"cluster:{document.Sender}", new { province = payload.Province.Value, city = payload.City.Value, payload.StoppedOn, documentId = document.DocumentId });
        return "applied";
    }

    /// <summary>
    /// The new place's acknowledgement to the old place, which national forwards: the transfer is complete and the
    /// relationship is the new province's now. It says everything a <c>custody-moved</c> document said.
    /// </summary>
    private string MoveCustody(ExchangeDocument document, AcknowledgementPayload payload) =>
        JinBaoCluster.TryParse(document.Receiver, out var oldPlace) && oldPlace.Province is { } fromProvince
            ? MoveCustody(document, new CustodyMovedPayload(fromProvince, payload.City.Province))
            : $"ignored: an acknowledgement to {document.Receiver} moves no custody";

    private string MoveCustody(ExchangeDocument document, CustodyMovedPayload payload)
    {
        if (document.Sender != JinBaoCluster.IdOf(payload.ToProvince) || payload.FromProvince == payload.ToProvince || document.TransferId is not { } transferId)
        {
            return $"ignored: custody can only be taken by the receiving province of a transfer, not {document.Sender}";
        }

        if (state.CustodyTransfers.Contains(transferId))
        {
            return "duplicate";
        }

        state.CustodyTransfers.Add(transferId);
        state.CustodyProvince = payload.ToProvince;
        Audit("index-custody-moved", $"cluster:{document.Sender}", new { from = payload.FromProvince.Value, to = payload.ToProvince.Value, transferId });
        return "applied";
    }

    private void Audit(string type, string actor, object payload)
    {
        state.EventSequence++;
        var stream = $"person-index:{citizenId}";
        state.Pending.Add(new AuditEvent($"{stream}:{state.EventSequence}", stream, type, actor, null, JsonSerializer.Serialize(payload), now));
    }
}
