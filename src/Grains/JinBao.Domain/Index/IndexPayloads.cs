using JinBao.Exchange;
using JinBao.Primitives;

namespace JinBao.Index;

/// <summary>The payload of <see cref="DocumentTypes.ActiveClaim"/>.</summary>
public sealed record ActiveClaimPayload(RegionCode Province, RegionCode City, long Sequence, string Actor);

/// <summary>The payload of <see cref="DocumentTypes.ActiveReleased"/>.</summary>
public sealed record ActiveReleasedPayload(RegionCode Province, RegionCode City, long Sequence, DateOnly StoppedOn);

/// <summary>The payload of <see cref="DocumentTypes.CustodyMoved"/>.</summary>
public sealed record CustodyMovedPayload(RegionCode FromProvince, RegionCode ToProvince);
