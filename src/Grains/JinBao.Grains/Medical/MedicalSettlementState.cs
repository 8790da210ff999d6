using JinBao.Medical;

namespace JinBao.Grains.Medical;

/// <summary>Stored as JSON in the grain storage row named <c>medical-settlement</c> (the place of care's copy).</summary>
public sealed class MedicalSettlementState
{
    /// <summary>The insuring place's answer; null until it settled.</summary>
    public CareSettlementView? Settlement { get; set; }

    /// <summary>A fingerprint of the settled request, to tell a hospital's retry from a reused settlement id.</summary>
    public string? RequestFingerprint { get; set; }
}
