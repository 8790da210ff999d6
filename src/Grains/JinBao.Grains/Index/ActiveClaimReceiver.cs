using JinBao.Exchange;
using JinBao.Grains.Exchange;
using JinBao.Index;

namespace JinBao.Grains.Index;

/// <summary>
/// The national index answers an enrolment's claim synchronously at <c>POST /exchange/v1/index/claims</c> (never
/// queued: the enrolment waits for it). The exchange checks form and signature; a province claims only for itself.
/// </summary>
public sealed class ActiveClaimReceiver(ExchangeReceiver receiver, IGrainFactory grains, JinBaoCluster cluster)
{
    public async Task<(ExchangeReceipt Receipt, ActiveClaimResult? Result)> ClaimAsync(ExchangeDocument document, string? remote)
    {
        ActiveClaimPayload? payload = null;
        var refusal = await receiver.RefuseUnlessValidAsync(document, remote, claim =>
        {
            if (!cluster.IsNational || claim.Type != DocumentTypes.ActiveClaim)
            {
                return new ExchangeReceipt(422, "document-misrouted", "Only the national exchange answers active claims.");
            }

            payload = ExchangeJson.Read<ActiveClaimPayload>(claim);
            return claim.Sender == JinBaoCluster.IdOf(payload.Province)
                ? null
                : new ExchangeReceipt(403, "document-sender-not-allowed", $"{claim.Sender} cannot claim a person for province {payload.Province.Value}.");
        });
        if (refusal is not null)
        {
            return (refusal, null);
        }

        var result = await grains.GetGrain<IPersonIndexGrain>(document.CitizenId)
            .ClaimActiveAsync(new ActiveClaim(payload!.Province, payload.City, payload.Sequence, payload.Actor));
        return (new ExchangeReceipt(200, result.Granted ? "active-claim-granted" : "active-claim-refused", ""), result);
    }
}
