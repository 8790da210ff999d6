using JinBao.Primitives;

namespace JinBao.Clearing;

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

/// <summary>The prepayment rules, pure.</summary>
public sealed record MedicalPrepaymentPolicy(Money MinimumAdvance, int AdvanceMonths, decimal TopUpAtUsage)
{
    /// <summary>The year's advance: <see cref="AdvanceMonths"/> × last year's monthly average, never below the minimum.</summary>
    public Money StandardAdvance(Money priorYearUsage)
    {
        var months = Money.RoundFen(Math.Max(priorYearUsage.Fen, 0) * (decimal)AdvanceMonths / 12m);
        return months > MinimumAdvance ? months : MinimumAdvance;
    }

    /// <summary>
    /// The top-up due when more than <see cref="TopUpAtUsage"/> of the advance is used: the used part, so the balance
    /// is whole again; zero otherwise. Monthly clearing then restores what the month's statement covers, and the next
    /// January re-sizes the advance (returning what the top-ups added beyond the standard).
    /// </summary>
    public Money TopUp(Money advanced, Money balance)
    {
        var used = advanced - balance;
        return advanced > Money.Zero && used.Fen > advanced.Fen * TopUpAtUsage ? used : Money.Zero;
    }
}
