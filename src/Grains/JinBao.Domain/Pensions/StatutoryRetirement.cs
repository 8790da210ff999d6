using JinBao.Primitives;

namespace JinBao.Pensions;

/// <summary>When someone reaches statutory retirement age.</summary>
/// <param name="AgeMonths">The statutory age in months (60 years 1 month = 721).</param>
/// <param name="DelayMonths">The months added to the old age by the 2024 decision (0 for earlier cohorts).</param>
/// <param name="ReachedOn">The date the age is reached (see <see cref="CompletedAge"/> for birthdays on the 29th–31st).</param>
public sealed record StatutoryRetirement(int AgeMonths, int DelayMonths, DateOnly ReachedOn)
{
    /// <summary>The whole years of the statutory age.</summary>
    public int AgeYears => AgeMonths / 12;

    /// <summary>The months beyond <see cref="AgeYears"/>.</summary>
    public int ExtraMonths => AgeMonths % 12;

    /// <summary>The month the age is reached in.</summary>
    public YearMonth Month => YearMonth.Of(ReachedOn);
}
