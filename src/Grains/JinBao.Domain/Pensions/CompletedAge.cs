using JinBao.Errors;

namespace JinBao.Pensions;

/// <summary>Age in completed months, the measure the pension age rules compare against.</summary>
/// <remarks>
/// A month is completed on the same day of a later month; when that month has no such day (born on the 29th, 30th
/// or 31st), on its last day. So someone born 31 January completes a month on 28 (or 29) February, and someone born
/// 29 February completes a year on 28 February. This is the Civil Code's rule for periods counted in months
/// (民法典 art. 202: with no corresponding day, the period ends on the month's last day) and what
/// <see cref="DateOnly.AddMonths"/> does, so <see cref="Months"/> and <see cref="ReachedOn"/> agree.
/// </remarks>
public static class CompletedAge
{
    /// <summary>Completed months of age on <paramref name="onDate"/>.</summary>
    /// <exception cref="JinBaoException"><c>age-before-birth</c>: the date is before the birth date.</exception>
    public static int Months(DateOnly birthDate, DateOnly onDate)
    {
        if (onDate < birthDate)
        {
            throw new JinBaoException(ErrorKind.InvalidInput, "age-before-birth",
                $"{onDate:yyyy-MM-dd} is before the birth date {birthDate:yyyy-MM-dd}.");
        }

        var months = ((onDate.Year - birthDate.Year) * 12) + onDate.Month - birthDate.Month;

        // The last month counts only once its (end-of-month clamped) anniversary day has come.
        return birthDate.AddMonths(months) > onDate ? months - 1 : months;
    }

    /// <summary>The date on which someone born on <paramref name="birthDate"/> completes <paramref name="months"/> months of age.</summary>
    /// <exception cref="JinBaoException"><c>age-negative</c>: negative months.</exception>
    public static DateOnly ReachedOn(DateOnly birthDate, int months)
    {
        if (months < 0)
        {
            throw new JinBaoException(ErrorKind.InvalidInput, "age-negative", $"An age of {months} months is negative.");
        }

        return birthDate.AddMonths(months);
    }
}
