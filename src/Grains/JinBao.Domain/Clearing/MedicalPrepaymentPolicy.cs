using JinBao.Primitives;

namespace JinBao.Clearing;

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
