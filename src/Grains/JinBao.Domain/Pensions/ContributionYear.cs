using JinBao.Primitives;

namespace JinBao.Pensions;

/// <summary>One year of a person's contributions, for the average contribution index (spec §2.2).</summary>
/// <param name="Year">The contribution year.</param>
/// <param name="OwnMonthlyBases">The person's bases for the months contributed that year (1 to 12).</param>
/// <param name="AverageMonthlyWage">
/// The average monthly wage the year is indexed against. The spec says "that year's average wage"; provinces that
/// index against the previous year's figure pass that instead. For a multi-province history this is the drawing
/// place's wage (spec §2.2).
/// </param>
public sealed record ContributionYear(int Year, IReadOnlyList<Money> OwnMonthlyBases, Money AverageMonthlyWage);
