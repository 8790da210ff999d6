using JinBao.Errors;
using JinBao.Primitives;

namespace JinBao.Pensions;

/// <summary>
/// Statutory retirement age after the NPC Standing Committee decision of 13 Sep 2024, in force 1 Jan 2025 (spec §2.3),
/// and the minimum contribution period (spec §2.4).
/// </summary>
public static class RetirementAge
{
    /// <summary>The statutory age and the date it is reached for someone of the group born on <paramref name="birthDate"/>.</summary>
    /// <remarks>Flexible early or delayed retirement and special-job rules are not applied here.</remarks>
    /// <exception cref="JinBaoException"><c>retirement-group-unknown</c>.</exception>
    public static StatutoryRetirement For(RetirementGroup group, DateOnly birthDate)
    {
        var (oldAgeYears, firstCohort, stepMonths, capMonths) = group switch
        {
            // spec §2.3: men 60 → 63, +1 month per 4 birth months from Jan 1965, cap 36.
            RetirementGroup.Man => (60, new YearMonth(1965, 1), 4, 36),

            // spec §2.3: women cadres 55 → 58, +1 month per 4 birth months from Jan 1970, cap 36.
            RetirementGroup.WomanCadre => (55, new YearMonth(1970, 1), 4, 36),

            // spec §2.3: women workers 50 → 55, +1 month per 2 birth months from Jan 1975, cap 60.
            RetirementGroup.WomanWorker => (50, new YearMonth(1975, 1), 2, 60),
            _ => throw new JinBaoException(ErrorKind.InvalidInput, "retirement-group-unknown",
                $"Retirement group {(int)group} is not known."),
        };

        // spec §2.3: delay = min(cap, ⌊n/step⌋ + 1), n = months from the first affected birth month (n ≥ 0);
        // cohorts born before it keep the old age.
        var n = firstCohort.MonthsUntil(YearMonth.Of(birthDate));
        var delay = n < 0 ? 0 : Math.Min(capMonths, (n / stepMonths) + 1);
        var ageMonths = (oldAgeYears * 12) + delay;
        return new StatutoryRetirement(ageMonths, delay, CompletedAge.ReachedOn(birthDate, ageMonths));
    }

    /// <summary>The minimum contribution months for a pension when retiring in <paramref name="retirementYear"/>.</summary>
    public static int MinimumContributionMonths(int retirementYear) =>
        // spec §2.4: 180 up to 2029, then +6 a year to 240 (15.5 years in 2030, 20 years from 2039).
        retirementYear switch
        {
            <= 2029 => 180,
            >= 2039 => 240,
            _ => 180 + (6 * (retirementYear - 2029)),
        };
}
