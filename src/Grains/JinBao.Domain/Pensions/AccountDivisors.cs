using JinBao.Errors;

namespace JinBao.Pensions;

/// <summary>The months over which the individual account is paid out (计发月数), by retirement age (国发〔2005〕38号; spec §2.2).</summary>
public static class AccountDivisors
{
    /// <summary>The youngest age in the table.</summary>
    public const int MinimumAgeYears = 40;

    /// <summary>The oldest age in the table.</summary>
    public const int MaximumAgeYears = 70;

    // spec §2.2 table, ages 40 to 70. Age 47 is 208; some transcriptions show 207.
    private static readonly int[] MonthsByAge =
    [
        233, 230, 226, 223, 220, 216, 212, 208, 204, 199, // 40–49
        195, 190, 185, 180, 175, 170, 164, 158, 152, 145, // 50–59
        139, 132, 125, 117, 109, 101, 93, 84, 75, 65, // 60–69
        56, // 70
    ];

    /// <summary>The table value for a whole age in years.</summary>
    /// <exception cref="JinBaoException"><c>divisor-age-range</c>: age outside 40–70.</exception>
    public static int ForWholeYears(int ageYears)
    {
        if (ageYears is < MinimumAgeYears or > MaximumAgeYears)
        {
            throw OutOfRange($"{ageYears} years");
        }

        return MonthsByAge[ageYears - MinimumAgeYears];
    }

    /// <summary>The divisor for an age in completed months, under the given rule.</summary>
    /// <exception cref="JinBaoException"><c>divisor-age-range</c>: age outside 40y0m–70y0m (the table has no 71 to interpolate towards).</exception>
    public static decimal For(int ageMonths, DivisorRule rule = DivisorRule.Interpolated)
    {
        if (ageMonths < MinimumAgeYears * 12 || ageMonths > MaximumAgeYears * 12)
        {
            throw OutOfRange($"{ageMonths / 12} years {ageMonths % 12} months");
        }

        var years = ageMonths / 12;
        var months = ageMonths % 12;
        var whole = ForWholeYears(years);
        if (months == 0 || rule == DivisorRule.WholeYears)
        {
            return whole;
        }

        // spec §2.2 (2025 onward, national text unverified): d(a) + (d(a+1) − d(a))·m/12.
        var interpolated = whole + ((ForWholeYears(years + 1) - whole) * months / 12m);
        return rule switch
        {
            DivisorRule.Interpolated => interpolated,

            // The figures a city publishes (60y1m → 138.4, 50y1m → 194.6) are the formula rounded to one decimal.
            DivisorRule.InterpolatedToTenth => decimal.Round(interpolated, 1, MidpointRounding.AwayFromZero),
            _ => throw new JinBaoException(ErrorKind.InvalidInput, "divisor-rule-unknown", $"Divisor rule {(int)rule} is not known."),
        };
    }

    private static JinBaoException OutOfRange(string age) =>
        new(ErrorKind.InvalidInput, "divisor-age-range",
            $"No account divisor for a retirement age of {age}; the table covers 40 to 70 years.");
}
