using System.Text.Json;

using JinBao.Effects;
using JinBao.Exchange;
using JinBao.Ledger;
using JinBao.Primitives;
using JinBao.Transfers;

namespace JinBao.Clearing;

/// <summary>
/// The national clearing of a transfer's funds (清算单, spec §3.5), pure: the old place's province pays the total, the new
/// place's province receives it, on the national ledger's province positions, which sum to zero. The movement id is
/// the transfer's, so a document that arrives again posts nothing; the audit event is keyed by the document id.
/// </summary>
public static class FundsClearing
{
    /// <summary>The clearing grain of a province pair: <c>440000-510000</c>, payer first.</summary>
    public static string PairOf(FundsClearingPayload payload) => $"{payload.FromProvince.Value}-{payload.ToProvince.Value}";

    /// <summary>Why <paramref name="document"/> cannot be cleared (its sender is not the paying province, it names no transfer, or its amounts are void), or null.</summary>
    public static string? RefusalOf(ExchangeDocument document, FundsClearingPayload payload) =>
        document.Sender != JinBaoCluster.IdOf(payload.FromProvince) || payload.FromProvince == payload.ToProvince
            || !TransferId.TryParse(document.TransferId, out _) || payload.Total <= Money.Zero || payload.IndividualAccount.IsNegative || payload.PooledFund.IsNegative
            ? $"{document.Sender} cannot clear {payload.Total} from {payload.FromProvince.Value} to {payload.ToProvince.Value}"
            : null;

    /// <summary>The posting and its audit event, for a document <see cref="RefusalOf"/> accepts.</summary>
    public static PendingEffects Post(ExchangeDocument document, FundsClearingPayload payload, DateTimeOffset now)
    {
        if (!TransferId.TryParse(document.TransferId, out var transferId))
        {
            throw new ArgumentException("A funds clearing belongs to a transfer.", nameof(document));
        }

        var effects = new PendingEffects();
        effects.Add(new LedgerMovement(MovementId.FundsClearing(transferId), MovementKinds.FundsClearing, document.CitizenId,
        [
            new LedgerLeg(LedgerAccounts.ProvinceClearing(payload.FromProvince.Value), -payload.Total),
            new LedgerLeg(LedgerAccounts.ProvinceClearing(payload.ToProvince.Value), payload.Total),
        ]));
        var stream = $"clearing:{PairOf(payload)}";
        effects.Add(new AuditEvent($"{stream}:{document.DocumentId}", stream, "funds-cleared", $"exchange:{document.Sender}", document.DocumentId.Value,
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
        return effects;
    }
}
