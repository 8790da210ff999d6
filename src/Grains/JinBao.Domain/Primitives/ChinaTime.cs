namespace JinBao.Primitives;

/// <summary>
/// The scheme's civil calendar: China Standard Time (UTC+8, no daylight saving). Every "today", "this month" and
/// "this year" of a rule, a grain or the API is a date in China, taken from a <see cref="TimeProvider"/> so tests can
/// set the clock; between 00:00 and 08:00 in China the UTC date is still yesterday, and using it judges a deadline or a
/// contribution month on the wrong day.
/// </summary>
public static class ChinaTime
{
    /// <summary>UTC+8.</summary>
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    /// <summary>The date in China at <paramref name="instant"/>.</summary>
    public static DateOnly DateOf(DateTimeOffset instant) => DateOnly.FromDateTime(instant.ToOffset(Offset).DateTime);

    /// <summary>The month in China at <paramref name="instant"/>.</summary>
    public static YearMonth MonthOf(DateTimeOffset instant) => YearMonth.Of(DateOf(instant));

    /// <summary>Today's date in China by <paramref name="clock"/>.</summary>
    public static DateOnly Today(this TimeProvider clock) => DateOf(clock.GetUtcNow());

    /// <summary>The first instant of <paramref name="date"/> in China.</summary>
    public static DateTimeOffset StartOf(DateOnly date) => new(date.ToDateTime(TimeOnly.MinValue), Offset);
}
