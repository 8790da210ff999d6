using JinBao.Persons;
using JinBao.Primitives;

namespace JinBao.Transfers;

/// <summary>Apply, at the new place, to move the person's relationship from <paramref name="FromCity"/> to where they are now insured.</summary>
/// <param name="CitizenId">The person.</param>
/// <param name="FromCity">The old insuring city whose relationship moves.</param>
/// <param name="ToCity">The new insuring city (the person's current one), where the application is made.</param>
/// <param name="Request">Who applies.</param>
[GenerateSerializer, Immutable, Alias("jinbao.apply-for-transfer")]
public sealed record ApplyForTransfer(CitizenId CitizenId, RegionCode FromCity, RegionCode ToCity, Requester Request);

/// <summary>A clerk's decision at one of the two decision points (new place's review, old place's processing).</summary>
/// <param name="City">The clerk's city; it must be the place whose decision is awaited.</param>
/// <param name="Reason">Required for a rejection (shown to the applicant with what to do); optional for an approval.</param>
/// <param name="Request">Who decides.</param>
[GenerateSerializer, Immutable, Alias("jinbao.transfer-decision")]
public sealed record TransferDecision(RegionCode City, string? Reason, Requester Request);
