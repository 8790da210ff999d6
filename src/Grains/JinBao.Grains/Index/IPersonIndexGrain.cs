using JinBao.Exchange;
using JinBao.Grains.Exchange;
using JinBao.Index;
using JinBao.Primitives;

namespace JinBao.Grains.Index;

/// <summary>
/// The national person index (national cluster), one per citizen id: the province where the person contributes now
/// (at most one: no double enrolment, 重复参保) and the province that holds custody of the pension relationship.
/// </summary>
[Alias("jinbao.IPersonIndexGrain")]
public interface IPersonIndexGrain : IGrainWithStringKey
{
    /// <summary>Enrolment in a province asks for the active claim; refused while another province holds it.</summary>
    [Alias("claim-active")]
    Task<ActiveClaimResult> ClaimActiveAsync(ActiveClaim claim);

    /// <summary>Applies an <c>active-released</c>, <c>custody-moved</c> or forwarded <c>acknowledgement</c> document once (deduped by document id); returns the outcome.</summary>
    [Alias("receive-document")]
    Task<string> ReceiveDocumentAsync(ExchangeDocument document);

    [Alias("get")]
    Task<PersonIndexView> GetAsync();
}

/// <summary>
/// National: a province's release of its active claim goes to the person's index entry, and so does a transfer's
/// acknowledgement national forwards to the old place (custody moved); a <c>custody-moved</c> document says the same.
/// </summary>
public sealed class IndexDocumentHandler(IGrainFactory grains) : IExchangeDocumentHandler
{
    public IReadOnlySet<string> AppliesTo { get; } = new HashSet<string>(StringComparer.Ordinal) { DocumentTypes.ActiveReleased, DocumentTypes.CustodyMoved };

    public IReadOnlySet<string> AppliesWhenForwarding { get; } = new HashSet<string>(StringComparer.Ordinal) { DocumentTypes.Acknowledgement };

    public Task<string> ApplyAsync(ExchangeDocument document) => grains.GetGrain<IPersonIndexGrain>(document.CitizenId).ReceiveDocumentAsync(document);
}
