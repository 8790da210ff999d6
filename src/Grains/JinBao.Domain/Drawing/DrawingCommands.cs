using JinBao.Persons;
using JinBao.Primitives;

namespace JinBao.Drawing;

/// <summary>
/// The retiree now lives in another region (居住地变更): payment follows them to any bank account, the relationship
/// stays at the drawing place (spec §5). Optionally changes the payee bank account too.
/// </summary>
/// <param name="ResidenceRegion">The new residence region (county, city or province code).</param>
/// <param name="Bank">The payee bank's code (e.g. <c>icbc</c>); null keeps the current one.</param>
/// <param name="BankAccount">The payee account number; null keeps the current one.</param>
/// <param name="Request">Who asks.</param>
[GenerateSerializer, Immutable, Alias("jinbao.register-residence")]
public sealed record RegisterResidence(RegionCode ResidenceRegion, string? Bank, string? BankAccount, Requester Request);

/// <summary>How an entitlement verification (资格认证) was done (spec §5).</summary>
public enum VerificationMethod
{
    /// <summary>Self-service face recognition at the residence (national platform, 掌上12333).</summary>
    FaceCheck,

    /// <summary>Passive data comparison (信息比对) with civil affairs, public security, health or judicial data.</summary>
    DataComparison,

    /// <summary>A home visit by the agency, the employer or a third party.</summary>
    HomeVisit,

    /// <summary>The retiree's own attestation in the portal, signed in with their credential, at a recorded time.</summary>
    OnlineAttestation,
}

/// <summary>A successful entitlement verification: the person was alive on <paramref name="VerifiedOn"/>.</summary>
/// <param name="VerificationId">The verification event's id; a repeated id changes nothing.</param>
/// <param name="Method">How it was verified.</param>
/// <param name="VerifiedOn">The day of the check; validity runs 12 months from it.</param>
/// <param name="Request">Who reports it.</param>
[GenerateSerializer, Immutable, Alias("jinbao.record-verification")]
public sealed record RecordVerification(string VerificationId, VerificationMethod Method, DateOnly VerifiedOn, Requester Request);

/// <summary>Where a death notification comes from.</summary>
public enum DeathSource
{
    /// <summary>Civil affairs: cremation and funeral records.</summary>
    CivilAffairs,

    /// <summary>Public security: household deregistration (户籍注销).</summary>
    PublicSecurity,

    /// <summary>Health: death certificates.</summary>
    Health,

    /// <summary>Reported by the employer, the beneficiary or the relatives (duty to report, spec §5).</summary>
    Relatives,
}

/// <summary>The person died on <paramref name="DiedOn"/>: payment ends with that month (spec §5).</summary>
/// <param name="Source">Which feed reported it.</param>
/// <param name="DiedOn">The date of death.</param>
/// <param name="Request">Who reports it.</param>
[GenerateSerializer, Immutable, Alias("jinbao.notify-death")]
public sealed record NotifyDeath(DeathSource Source, DateOnly DiedOn, Requester Request);
