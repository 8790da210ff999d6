using JinBao.Persons;
using JinBao.Primitives;

namespace JinBao.Transfers;

/// <summary>The old place releases the person's relationship from <paramref name="FromCity"/> (spec §3.4, OLD step).</summary>
[GenerateSerializer, Immutable, Alias("jinbao.release-for-transfer")]
public sealed record ReleaseForTransfer(TransferId TransferId, RegionCode FromCity, RegionCode ToCity, DateOnly On, Requester Request);

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
[GenerateSerializer, Immutable, Alias("jinbao.merge-transfer")]
public sealed record MergeTransfer(TransferCertificate Certificate, RegionCode ToCity, DateOnly On, Requester Request);

/// <summary>What the merge did: months added, duplicate months cleared (先转后清) and their individual part refunded.</summary>
[GenerateSerializer, Immutable, Alias("jinbao.merge-result")]
public sealed record MergeResult(TransferId TransferId, int MonthsMerged, int DuplicateMonths, Money Refunded);
