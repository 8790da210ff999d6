using JinBao.Clearing;
using JinBao.Effects;
using JinBao.Exchange;
using JinBao.Grains.Effects;
using JinBao.Grains.Exchange;
using JinBao.Ledger;
using JinBao.Transfers;

namespace JinBao.Grains.Clearing;

/// <summary>Inter-province clearing (national cluster), one per (payer, payee) province pair: <c>440000-510000</c>.</summary>
[Alias("jinbao.IClearingGrain")]
public interface IClearingGrain : IGrainWithStringKey
{
    /// <summary>Posts a <c>funds-clearing</c> document to the national ledger; once per transfer, however often it arrives.</summary>
    [Alias("receive-document")]
    Task<string> ReceiveDocumentAsync(ExchangeDocument document);
}

/// <summary>
/// Posts each transfer's funds to the national clearing ledger: <c>transfer:{id}:clearing</c>, payer province −X, payee
/// province +X. The movement id is the dedupe key (the ledger refuses a second posting of it) and the audit event is
/// keyed by the document id, both in one transaction, so no grain state is needed. Period statements are the
/// <c>jinbao_clearing_statements</c> view over these postings.
/// </summary>
[GrainType("clearing")]
public sealed class ClearingGrain(EffectWriter writer, TimeProvider clock) : Grain, IClearingGrain
{
    public async Task<string> ReceiveDocumentAsync(ExchangeDocument document)
    {
        var payload = ExchangeJson.Read<FundsClearingPayload>(document);
        if (FundsClearing.RefusalOf(document, payload) is { } refusal)
        {
            return $"ignored: {refusal}";
        }

        await writer.DeliverAsync(FundsClearing.Post(document, payload, clock.GetUtcNow()));
        return "applied";
    }
}

/// <summary>National: a transfer's 清算单 goes to the grain of its province pair, the pair's only writer.</summary>
public sealed class ClearingDocumentHandler(IGrainFactory grains) : IExchangeDocumentHandler
{
    public IReadOnlySet<string> AppliesTo { get; } = new HashSet<string>(StringComparer.Ordinal) { DocumentTypes.FundsClearing };

    public Task<string> ApplyAsync(ExchangeDocument document) =>
        grains.GetGrain<IClearingGrain>(FundsClearing.PairOf(ExchangeJson.Read<FundsClearingPayload>(document))).ReceiveDocumentAsync(document);
}
