using JinBao.Clearing;
using JinBao.Exchange;
using JinBao.Grains.Effects;
using JinBao.Grains.Exchange;

using Orleans.Concurrency;

namespace JinBao.Grains.Clearing;

/// <summary>Inter-province clearing (national cluster), one per (payer, payee) province pair: <c>440000-510000</c>.</summary>
[Alias("jinbao.IClearingGrain")]
public interface IClearingGrain : IGrainWithStringKey
{
    /// <summary>
    /// Posts the funds of a <c>certificate-and-funds</c> national forwards (or of a <c>funds-clearing</c> document) to
    /// the national ledger; once per transfer, however often either arrives.
    /// </summary>
    [Alias("receive-document")]
    Task<string> ReceiveDocumentAsync(ExchangeDocument document);
}

/// <summary>
/// Posts each transfer's funds to the national clearing ledger: <c>transfer:{id}:clearing</c>, payer province −X, payee
/// province +X. The movement id is the dedupe key (the ledger refuses a second posting of it) and the audit event is
/// keyed by the transfer too, both in one transaction, so no grain state is needed. Period statements are the
/// <c>jinbao_clearing_statements</c> view over these postings.
/// </summary>
/// <remarks>
/// Reentrant: with no state, one transfer's posting has nothing to wait for in another's, and the postings that arrive
/// together share a group commit instead of queueing for one commit each (every transfer of a pair comes here).
/// </remarks>
[GrainType("clearing")]
[Reentrant]
public sealed class ClearingGrain(EffectWriter writer, TimeProvider clock) : Grain, IClearingGrain
{
    public async Task<string> ReceiveDocumentAsync(ExchangeDocument document)
    {
        var decision = FundsClearing.Decide(document, clock.GetUtcNow());
        if (decision.Effects is { } effects)
        {
            await writer.DeliverAsync(effects);
        }

        return decision.Outcome;
    }
}

/// <summary>
/// National: a transfer's funds go to the grain of its province pair, the pair's only writer. National takes them from
/// the certificate it forwards to the new place; a <c>funds-clearing</c> document addressed to it says the same.
/// </summary>
public sealed class ClearingDocumentHandler(IGrainFactory grains) : IExchangeDocumentHandler
{
    public IReadOnlySet<string> AppliesTo { get; } = new HashSet<string>(StringComparer.Ordinal) { DocumentTypes.FundsClearing };

    public IReadOnlySet<string> AppliesWhenForwarding { get; } = new HashSet<string>(StringComparer.Ordinal) { DocumentTypes.CertificateAndFunds };

    public Task<string> ApplyAsync(ExchangeDocument document) => FundsClearing.ClearingOf(document) is { } payload
        ? grains.GetGrain<IClearingGrain>(FundsClearing.PairOf(payload)).ReceiveDocumentAsync(document)
        : Task.FromResult($"ignored: a {document.Type} moves no funds between provinces");
}
