using JinBao.Exchange;
using JinBao.Primitives;

namespace JinBao.Index;

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

    /// <summary>Applies an <c>active-released</c> or <c>custody-moved</c> document once (deduped by document id); returns the outcome.</summary>
    [Alias("receive-document")]
    Task<string> ReceiveDocumentAsync(ExchangeDocument document);

    [Alias("get")]
    Task<PersonIndexView> GetAsync();
}

/// <summary>A province's enrolment asks to be the person's active province.</summary>
/// <param name="Province">The enrolling province.</param>
/// <param name="City">The enrolling city.</param>
/// <param name="Sequence">The person's change number in that province at the time, so a late release cannot undo a newer claim.</param>
/// <param name="Actor">Who enrols (for the audit trail).</param>
[GenerateSerializer, Immutable, Alias("jinbao.active-claim")]
public sealed record ActiveClaim(RegionCode Province, RegionCode City, long Sequence, string Actor);

/// <summary>The index's answer: granted, or refused because <paramref name="ActiveProvince"/> holds the person.</summary>
/// <param name="Granted">True when the claiming province is now (or already was) the active one.</param>
/// <param name="ActiveProvince">The active province after the call (the other one, when refused).</param>
/// <param name="PreviousProvince">The province the person last contributed in before, if another (decides a temporary account, spec §3.3).</param>
/// <param name="CustodyProvince">The province holding the relationship.</param>
[GenerateSerializer, Immutable, Alias("jinbao.active-claim-result")]
public sealed record ActiveClaimResult(bool Granted, RegionCode? ActiveProvince, RegionCode? PreviousProvince, RegionCode? CustodyProvince);

[GenerateSerializer, Immutable, Alias("jinbao.person-index-view")]
public sealed record PersonIndexView(RegionCode? ActiveProvince, RegionCode? CustodyProvince, IReadOnlyList<string> CustodyTransfers);

/// <summary>The payload of <see cref="DocumentTypes.ActiveClaim"/>.</summary>
public sealed record ActiveClaimPayload(RegionCode Province, RegionCode City, long Sequence, string Actor);

/// <summary>The payload of <see cref="DocumentTypes.ActiveReleased"/>.</summary>
public sealed record ActiveReleasedPayload(RegionCode Province, RegionCode City, long Sequence, DateOnly StoppedOn);

/// <summary>The payload of <see cref="DocumentTypes.CustodyMoved"/>.</summary>
public sealed record CustodyMovedPayload(RegionCode FromProvince, RegionCode ToProvince);

/// <summary>National: a province's release of its active claim, or custody moved with a transfer, goes to the person's index entry.</summary>
public sealed class IndexDocumentHandler(IGrainFactory grains) : IExchangeDocumentHandler
{
    public IReadOnlySet<string> AppliesTo { get; } = new HashSet<string>(StringComparer.Ordinal) { DocumentTypes.ActiveReleased, DocumentTypes.CustodyMoved };

    public Task<string> ApplyAsync(ExchangeDocument document) => grains.GetGrain<IPersonIndexGrain>(document.CitizenId).ReceiveDocumentAsync(document);
}
