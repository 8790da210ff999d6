using System.Collections.Frozen;
using System.Globalization;

using JinBao.Data;

namespace JinBao.Primitives;

/// <summary>
/// The PRC government working-day calendar (工作日) used for every WD deadline: Monday–Friday are working days and
/// weekends are rest days, except official holidays (rest even on a weekday) and make-up workdays (调休, working even
/// on a weekend), as published each year by the State Council.
/// </summary>
/// <remarks>
/// Immutable and safe to share between threads. Only years listed in <see cref="CoveredYears"/> can be asked about;
/// any other year throws <see cref="CalendarYearNotCoveredException"/> rather than falling back to Monday–Friday.
/// </remarks>
public sealed class WorkingDayCalendar
{
    private static readonly Lazy<WorkingDayCalendar> LazyOfficial = new(LoadOfficial);

    private readonly FrozenDictionary<DateOnly, bool> _exceptions;
    private readonly FrozenSet<int> _years;

    private WorkingDayCalendar(FrozenDictionary<DateOnly, bool> exceptions, IReadOnlyList<int> coveredYears)
    {
        _exceptions = exceptions;
        _years = coveredYears.ToFrozenSet();
        CoveredYears = coveredYears;
    }

    /// <summary>The official calendar from the embedded <c>data/cn-public-holidays.csv</c>; it covers the years listed there.</summary>
    public static WorkingDayCalendar Official => LazyOfficial.Value;

    /// <summary>The years this calendar can answer for, ascending.</summary>
    public IReadOnlyList<int> CoveredYears { get; }

    /// <summary>A calendar for the given years with the given exceptions to the Monday–Friday rule.</summary>
    /// <param name="coveredYears">Years the calendar is complete for; other years throw.</param>
    /// <param name="exceptions">Official holidays (<c>IsWorkday</c> false) and make-up workdays (<c>IsWorkday</c> true).</param>
    /// <exception cref="ArgumentException">A date is listed twice or lies outside the covered years.</exception>
    public static WorkingDayCalendar FromRows(IEnumerable<int> coveredYears, IEnumerable<(DateOnly Date, bool IsWorkday)> exceptions)
    {
        var years = coveredYears.Distinct().Order().ToArray();
        var byDate = new Dictionary<DateOnly, bool>();
        foreach (var (date, isWorkday) in exceptions)
        {
            if (Array.BinarySearch(years, date.Year) < 0)
            {
                throw new ArgumentException($"{date:yyyy-MM-dd} lies outside the covered years.", nameof(exceptions));
            }

            if (!byDate.TryAdd(date, isWorkday))
            {
                throw new ArgumentException($"{date:yyyy-MM-dd} is listed twice.", nameof(exceptions));
            }
        }

        return new WorkingDayCalendar(byDate.ToFrozenDictionary(), years);
    }

    /// <summary>True when government offices work on that date.</summary>
    /// <exception cref="CalendarYearNotCoveredException">The date's year is not covered.</exception>
    public bool IsWorkingDay(DateOnly date)
    {
        EnsureCovered(date);
        return _exceptions.TryGetValue(date, out var isWorkday)
            ? isWorkday
            : date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);
    }

    /// <summary>
    /// The deadline <paramref name="workingDays"/> working days after <paramref name="start"/>: the n-th working day
    /// strictly after it (the start itself never counts); <paramref name="start"/> when n is 0.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="workingDays"/> is negative.</exception>
    /// <exception cref="CalendarYearNotCoveredException">The start or a day up to the deadline lies in a year not covered.</exception>
    public DateOnly AddWorkingDays(DateOnly start, int workingDays)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(workingDays);
        EnsureCovered(start);
        var date = start;
        for (var counted = 0; counted < workingDays;)
        {
            date = date.AddDays(1);
            if (IsWorkingDay(date))
            {
                counted++;
            }
        }

        return date;
    }

    /// <summary>
    /// The number of working days after <paramref name="fromExclusive"/> up to and including <paramref name="toInclusive"/>,
    /// so that <c>WorkingDaysBetween(d, AddWorkingDays(d, n)) == n</c>; negative when <paramref name="toInclusive"/> is earlier.
    /// </summary>
    /// <exception cref="CalendarYearNotCoveredException">A day of the range lies in a year not covered.</exception>
    public int WorkingDaysBetween(DateOnly fromExclusive, DateOnly toInclusive)
    {
        if (toInclusive < fromExclusive)
        {
            return -WorkingDaysBetween(toInclusive, fromExclusive);
        }

        EnsureCovered(fromExclusive);
        var count = 0;
        for (var date = fromExclusive.AddDays(1); date <= toInclusive; date = date.AddDays(1))
        {
            if (IsWorkingDay(date))
            {
                count++;
            }
        }

        return count;
    }

    private void EnsureCovered(DateOnly date)
    {
        if (!_years.Contains(date.Year))
        {
            throw new CalendarYearNotCoveredException(date.Year);
        }
    }

    private static WorkingDayCalendar LoadOfficial()
    {
        var rows = EmbeddedData.ReadCsv("cn-public-holidays.csv").Select(row =>
        {
            // A malformed row is a build defect: fail loudly instead of silently treating the day as ordinary.
            if (row.Length < 2
                || !DateOnly.TryParseExact(row[0], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                || row[1] is not ("holiday" or "workday"))
            {
                throw new InvalidDataException($"data/cn-public-holidays.csv: bad row '{string.Join(',', row)}'; expected yyyy-MM-dd,holiday|workday,name.");
            }

            return (Date: date, IsWorkday: row[1] == "workday");
        }).ToArray();

        // A year is covered when its notice has been entered; every notice lists at least New Year's Day.
        return FromRows(rows.Select(r => r.Date.Year), rows);
    }
}
