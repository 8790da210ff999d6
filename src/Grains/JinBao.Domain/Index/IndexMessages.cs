using JinBao.Primitives;

namespace JinBao.Index;

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
