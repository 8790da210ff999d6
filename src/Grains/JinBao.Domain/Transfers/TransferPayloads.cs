using JinBao.Primitives;

namespace JinBao.Transfers;

// The payloads of the documents a transfer sends between provinces (JSON inside a signed ExchangeDocument).

/// <summary>联系函 (new → old): the new place approved the application; the old place's clerk decides.</summary>
public sealed record ContactLetterPayload(RegionCode FromCity, RegionCode ToCity, string IssuedBy, string? Note);

/// <summary>转移接续信息表 and the funds (old → new).</summary>
public sealed record CertificatePayload(TransferCertificate Certificate, string ReleasedBy);

/// <summary>The old place refused, with the reason shown to the applicant (old → new).</summary>
public sealed record RejectionPayload(RegionCode City, string Reason, string RejectedBy);

/// <summary>The new place merged (new → old).</summary>
public sealed record AcknowledgementPayload(MergeResult Result, RegionCode City);

/// <summary>清算单 (old → national): what one transfer moved from one province's fund to another's.</summary>
public sealed record FundsClearingPayload(
    RegionCode FromProvince,
    RegionCode ToProvince,
    string FromPoolingArea,
    string ToPoolingArea,
    Money IndividualAccount,
    Money PooledFund)
{
    public Money Total => IndividualAccount + PooledFund;
}
