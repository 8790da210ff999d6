using JinBao.Errors;
using JinBao.Primitives;

namespace JinBao.UnitTests.Primitives;

public sealed class WorkingDayCalendarTests
{
    private static readonly WorkingDayCalendar Official = WorkingDayCalendar.Official;

    [Fact]
    public void CoveredYears_AreTheYearsOfTheFile() =>
        Assert.Equal([2025, 2026], Official.CoveredYears);

    [Fact]
    public void IsWorkingDay_MakeUpSunday_IsWorking()
    {
        Assert.Equal(DayOfWeek.Sunday, new DateOnly(2025, 9, 28).DayOfWeek);
        Assert.True(Official.IsWorkingDay(new DateOnly(2025, 9, 28)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(6)]
    [InlineData(8)] // a Wednesday
    public void IsWorkingDay_NationalDayGoldenWeek2025_IsRest(int day) =>
        Assert.False(Official.IsWorkingDay(new DateOnly(2025, 10, day)));

    [Theory]
    [InlineData("2025-10-09", true)]  // Thursday after the holiday
    [InlineData("2025-10-11", true)]  // make-up Saturday
    [InlineData("2025-10-12", false)] // ordinary Sunday
    [InlineData("2025-12-31", true)]  // ordinary Wednesday
    public void IsWorkingDay_OrdinaryAndMakeUpDays(string date, bool working) =>
        Assert.Equal(working, Official.IsWorkingDay(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture)));

    [Theory]
    [InlineData(0, "2025-09-30")] // n = 0 is the start itself
    [InlineData(1, "2025-10-09")] // 1–8 Oct are holidays
    [InlineData(2, "2025-10-10")]
    [InlineData(3, "2025-10-11")] // make-up Saturday counts
    [InlineData(4, "2025-10-13")] // Sunday 12 Oct does not
    public void AddWorkingDays_AcrossNationalDay2025(int n, string expected) =>
        Assert.Equal(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture),
            Official.AddWorkingDays(new DateOnly(2025, 9, 30), n));

    [Fact]
    public void AddWorkingDays_MakeUpSundayBeforeGoldenWeek_Counts() =>
        // From Friday 26 Sep: Sat 27 rests, Sun 28 is a make-up workday (1), Mon 29 (2).
        Assert.Equal(new DateOnly(2025, 9, 29), Official.AddWorkingDays(new DateOnly(2025, 9, 26), 2));

    [Fact]
    public void AddWorkingDays_15DaysAcrossSpringFestival2026()
    {
        // From Monday 9 Feb 2026:
        //   Tue 10 (1), Wed 11 (2), Thu 12 (3), Fri 13 (4), Sat 14 make-up (5),
        //   Sun 15 – Mon 23 Spring Festival holiday (0),
        //   Tue 24 (6), Wed 25 (7), Thu 26 (8), Fri 27 (9), Sat 28 make-up (10), Sun 1 Mar rest,
        //   Mon 2 (11), Tue 3 (12), Wed 4 (13), Thu 5 (14), Fri 6 Mar (15).
        // Plain Monday–Friday arithmetic would wrongly give Mon 2 Mar.
        var start = new DateOnly(2026, 2, 9);

        Assert.Equal(new DateOnly(2026, 3, 6), Official.AddWorkingDays(start, 15));
        Assert.Equal(15, Official.WorkingDaysBetween(start, new DateOnly(2026, 3, 6)));
    }

    [Fact]
    public void FromRows_NoExceptions_IsMondayToFriday()
    {
        var calendar = WorkingDayCalendar.FromRows([2030], []);
        var friday = new DateOnly(2030, 1, 4);

        Assert.Equal(DayOfWeek.Friday, friday.DayOfWeek);
        Assert.False(calendar.IsWorkingDay(friday.AddDays(1)));
        Assert.False(calendar.IsWorkingDay(friday.AddDays(2)));
        Assert.Equal(friday.AddDays(3), calendar.AddWorkingDays(friday, 1));
        Assert.Equal(friday.AddDays(14), calendar.AddWorkingDays(friday, 10));
        Assert.Equal(5, calendar.WorkingDaysBetween(friday, friday.AddDays(7)));
    }

    [Fact]
    public void WorkingDaysBetween_SameDay_IsZero_AndReversedIsNegative()
    {
        var day = new DateOnly(2025, 9, 30);

        Assert.Equal(0, Official.WorkingDaysBetween(day, day));
        Assert.Equal(-3, Official.WorkingDaysBetween(new DateOnly(2025, 10, 11), day));
    }

    [Fact]
    public void IsWorkingDay_UncoveredYear_IsTypedError()
    {
        var error = Assert.Throws<CalendarYearNotCoveredException>(() => Official.IsWorkingDay(new DateOnly(2027, 3, 1)));

        Assert.Equal(2027, error.Year);
        Assert.Equal("calendar-year-not-covered", error.Code);
        Assert.Equal(ErrorKind.RuleViolation, error.Kind);
        Assert.Contains("2027", error.Message, StringComparison.Ordinal);
        Assert.Contains("data/cn-public-holidays.csv", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddWorkingDays_RunningIntoUncoveredYear_Throws()
    {
        Assert.Equal(2027, Assert.Throws<CalendarYearNotCoveredException>(() => Official.AddWorkingDays(new DateOnly(2026, 12, 28), 10)).Year);
        Assert.Equal(2024, Assert.Throws<CalendarYearNotCoveredException>(() => Official.AddWorkingDays(new DateOnly(2024, 12, 31), 0)).Year);
    }

    [Fact]
    public void AddWorkingDays_Negative_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Official.AddWorkingDays(new DateOnly(2025, 1, 2), -1));

    [Fact]
    public void FromRows_BadRows_Throw()
    {
        var day = new DateOnly(2030, 1, 1);

        Assert.Throws<ArgumentException>(() => WorkingDayCalendar.FromRows([2030], [(day, false), (day, true)]));
        Assert.Throws<ArgumentException>(() => WorkingDayCalendar.FromRows([2031], [(day, false)]));
    }
}
