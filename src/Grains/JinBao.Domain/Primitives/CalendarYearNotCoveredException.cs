using JinBao.Errors;

namespace JinBao.Primitives;

/// <summary>
/// A working-day question about a year the calendar has no official notice for (<c>calendar-year-not-covered</c>).
/// Deadlines in that year cannot be computed until the data is added; they are never guessed.
/// </summary>
[GenerateSerializer]
public sealed class CalendarYearNotCoveredException : JinBaoException
{
    /// <summary>Creates the error for an uncovered year.</summary>
    public CalendarYearNotCoveredException(int year)
        : base(ErrorKind.RuleViolation, "calendar-year-not-covered",
            $"The working-day calendar does not cover {year}: add the State Council's notice on public holidays for {year} "
            + "(its holiday and make-up workday dates) to data/cn-public-holidays.csv and redeploy. Working days are never guessed.")
    {
        Year = year;
    }

    /// <summary>The year with no calendar data.</summary>
    [Id(0)]
    public int Year { get; }
}
