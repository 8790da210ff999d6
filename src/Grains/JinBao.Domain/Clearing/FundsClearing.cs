using System.Text.Json;

using JinBao.Effects;
using JinBao.Exchange;
using JinBao.Ledger;
using JinBao.Primitives;
using JinBao.Transfers;

namespace JinBao.Clearing;

/// <summary>What the national clearing does with a document: the outcome to record, and the posting when there is one.</summary>
public sealed record FundsClearingDecision(string Outcome, PendingEffects? Effects);

/// <summary>
/// The national clearing of a transfer's funds (清算单, spec §3.5), pure: the old place's province pays the total, the new
/// place's province receives it, on the national ledger's province positions, which sum to zero. The movement id is
/// the transfer's, so a document that arrives again posts nothing, and neither does its audit event.
/// </summary>
/// <remarks>
/// National learns the amounts from the <c>certificate-and-funds</c> it forwards to the new place: the certificate
/// is signed by the old place and carries both parts, so a separate 清算单 would repeat it at the cost of one more
/// signed document per transfer. A <c>funds-clearing</c> document (what provinces sent before) still posts, under the
/// same movement id: whichever of the two arrives first posts, the other posts nothing.
/// </remarks>
public static class FundsClearing
{
    /// <summary>The clearing grain of a province pair: <c>440000-510000</c>, payer first.</summary>
    public static string PairOf(FundsClearingPayload payload) => ProvincePair.Key(payload.FromProvince, payload.ToProvince);

    /// <summary>
    /// The clearing <paramref name="document"/> implies: a <c>funds-clearing</c> document's payload, or what the
    /// certificate's funds move from the sending province to the receiving one; null when it moves no funds.
    /// </summary>
    public static FundsClearingPayload? ClearingOf(ExchangeDocument document)
    {
        if (document.Type == DocumentTypes.FundsClearing)
        {
            return ExchangeJson.Read<FundsClearingPayload>(document);
        }

        if (document.Type != DocumentTypes.CertificateAndFunds || !JinBaoCluster.TryParse(document.Receiver, out var receiver) || receiver.Province is not { } toProvince)
        {
            return null;
        }

        var certificate = ExchangeJson.Read<CertificatePayload>(document).Certificate;
        return certificate.FundsMove
            ? new FundsClearingPayload(certificate.FromCity.Province, toProvince, certificate.FromPoolingArea, certificate.ToPoolingArea,
                certificate.IndividualAccount, certificate.PooledFund)
            : null;
    }

    /// <summary>
    /// The posting and its audit event for a document that clears a transfer's funds; a refusal as the outcome when its
    /// sender is not the paying province, it names no transfer, or its amounts are void; "ignored" when no funds move.
    /// </summary>
    public static FundsClearingDecision Decide(ExchangeDocument document, DateTimeOffset now)
    {
        if (ClearingOf(document) is not { } payload)
        {
            return new FundsClearingDecision($"ignored: a {document.Type} moves no funds between provinces", null);
        }

        if (document.Sender != JinBaoCluster.IdOf(payload.FromProvince) || payload.FromProvince == payload.ToProvince
            || !TransferId.TryParse(document.TransferId, out var transferId) || payload.Total <= Money.Zero
            || payload.IndividualAccount.IsNegative || payload.PooledFund.IsNegative)
        {
            return new FundsClearingDecision(
                $"ignored: {document.Sender} cannot clear {payload.Total} from {payload.FromProvince.Value} to {payload.ToProvince.Value}", null);
        }

        var effects = new PendingEffects();
        effects.Add(new LedgerMovement(MovementId.FundsClearing(transferId), MovementKinds.FundsClearing, document.CitizenId,
        [
            new LedgerLeg(LedgerAccounts.ProvinceClearing(payload.FromProvince.Value), -payload.Total),
            new LedgerLeg(LedgerAccounts.ProvinceClearing(payload.ToProvince.Value), payload.Total),
        ]));
        // Keyed by the transfer, like the movement: the second of the two documents that can clear it audits nothing.
        var stream = $"clearing:{PairOf(payload)}";
        effects.Add(new AuditEvent($"{stream}:{transferId}", stream, "funds-cleared", $"exchange:{document.Sender}", document.DocumentId.Value,
            JsonSerializer.Serialize(new
            {
                transferId = transferId.ToString(),
                from = payload.FromProvince.Value,
                to = payload.ToProvince.Value,
                fromArea = payload.FromPoolingArea,
                toArea = payload.ToPoolingArea,
                individualFen = payload.IndividualAccount.Fen,
                pooledFen = payload.PooledFund.Fen,
            }), now));
        return new FundsClearingDecision("applied", effects);
    }
}
