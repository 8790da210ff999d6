using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

using JinBao.Primitives;

namespace JinBao.UnitTests.Primitives;

public sealed class WorkingDayCalendarProperties
{
    private static readonly WorkingDayCalendar Official = WorkingDayCalendar.Official;

    // Starts and spans chosen so every deadline stays inside the covered years 2025–2026 (60 WD from 31 Aug 2026
    // ends in early December).
    private static readonly Gen<(DateOnly Start, int N)> Cases =
        from start in Gen.Choose(new DateOnly(2025, 1, 1).DayNumber, new DateOnly(2026, 8, 31).DayNumber).Select(DateOnly.FromDayNumber)
        from n in Gen.Choose(0, 60)
        select (start, n);

    [Property]
    public Property AddWorkingDays_LandsOnWorkingDay() =>
        Prop.ForAll(Arb.From(Cases), c => c.N == 0 || Official.IsWorkingDay(Official.AddWorkingDays(c.Start, c.N)));

    [Property]
    public Property AddWorkingDays_IsStrictlyMonotonicInN() =>
        Prop.ForAll(Arb.From(Cases), c => Official.AddWorkingDays(c.Start, c.N) < Official.AddWorkingDays(c.Start, c.N + 1));

    [Property]
    public Property WorkingDaysBetween_InvertsAddWorkingDays() =>
        Prop.ForAll(Arb.From(Cases), c => Official.WorkingDaysBetween(c.Start, Official.AddWorkingDays(c.Start, c.N)) == c.N);
}
