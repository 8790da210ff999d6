using JinBao.Pensions;
using JinBao.Persons;
using JinBao.Primitives;

namespace JinBao.Transfers;

/// <summary>The old place releases the person's relationship from <paramref name="FromCity"/> (spec §3.4, OLD step).</summary>
/// <param name="TransferId">The transfer; a repeated release for it returns the same form.</param>
/// <param name="FromCity">The old city whose relationship is released.</param>
/// <param name="ToCity">The new city.</param>
/// <param name="On">The release date.</param>
/// <param name="Request">Who asks.</param>
/// <param name="ViaNationalClearing">
/// The new city is in another province's cluster: the funds leave for the national clearing account
/// (<c>{area}:national-clearing</c>) instead of the province's transfer clearing.
/// </param>
[GenerateSerializer, Immutable, Alias("jinbao.release-for-transfer")]
public sealed record ReleaseForTransfer(TransferId TransferId, RegionCode FromCity, RegionCode ToCity, DateOnly On, Requester Request, bool ViaNationalClearing = false);

/// <summary>
/// The transfer information form (转移接续信息表) with the contribution certificate (参保缴费凭证): every month and the
/// amounts released. Once issued for a transfer id, the same form is returned for that id forever.
/// </summary>
[GenerateSerializer, Immutable, Alias("jinbao.transfer-certificate")]
public sealed record TransferCertificate(
    TransferId TransferId,
    RegionCode FromCity,
    string FromPoolingArea,
    string ToPoolingArea,
    SegmentKind Kind,
    IReadOnlyList<ContributionMonthView> Months,
    Money IndividualAccount,
    Money PooledFund,
    bool FundsMove);

/// <summary>The new place merges a released relationship into the person's account there (spec §3.4, NEW step; §3.5).</summary>
/// <param name="Certificate">The old place's form.</param>
/// <param name="ToCity">The new city, where the person is insured now.</param>
/// <param name="On">The merge date.</param>
/// <param name="Request">Who asks.</param>
/// <param name="ViaNationalClearing">
/// The old city is in another province's cluster: the funds arrive from the national clearing account
/// (<c>{area}:national-clearing</c>) instead of the old area's transfer clearing.
/// </param>
[GenerateSerializer, Immutable, Alias("jinbao.merge-transfer")]
public sealed record MergeTransfer(TransferCertificate Certificate, RegionCode ToCity, DateOnly On, Requester Request, bool ViaNationalClearing = false);

/// <summary>What the merge did: months added, duplicate months cleared (先转后清) and their individual part refunded.</summary>
[GenerateSerializer, Immutable, Alias("jinbao.merge-result")]
public sealed record MergeResult(TransferId TransferId, int MonthsMerged, int DuplicateMonths, Money Refunded);
