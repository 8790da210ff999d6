using JinBao.Clearing;
using JinBao.Primitives;

namespace JinBao.Grains.Clearing;

/// <summary>
/// Section <c>JinBao:MedicalClearing</c>: how much an insuring province advances to a care province (预付, spec §4.6)
/// and when it tops up. The spec marks both figures unverified; they are settings, not constants.
/// </summary>
public sealed class MedicalPrepaymentOptions
{
    public const string SectionName = "JinBao:MedicalClearing";

    /// <summary>The smallest advance, in yuan: what a pair starts with before it has a year of history.</summary>
    public long MinimumAdvanceYuan { get; set; } = 1_000_000;

    /// <summary>The advance is this many months of the previous year's average monthly fund payments (about 2, spec §4.6).</summary>
    public int AdvanceMonths { get; set; } = 2;

    /// <summary>A top-up is due once this share of the advance is used (about 70%, spec §4.6).</summary>
    public decimal TopUpAtUsage { get; set; } = 0.70m;

    public MedicalPrepaymentPolicy Policy => new(Money.FromYuan(MinimumAdvanceYuan), AdvanceMonths, TopUpAtUsage);
}
