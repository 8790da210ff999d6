using System.Text;

using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

using JinBao.Primitives;
using JinBao.Workbench.Backend;
using JinBao.Workbench.Cases;

namespace JinBao.Workbench.Tests;

/// <summary>The queue's rules without a browser: countdown on the official calendar, urgent first, paging, CSV.</summary>
public sealed class CaseQueueTests
{
    private static readonly DateOnly Today = new(2026, 12, 7); // a Monday
    private static readonly string[] Steps = ["applied", "contact-letter-issued", "certificate-and-funds-sent"];

    private static Gen<CaseDto> CaseGen =>
        from days in Gen.Choose(-40, 40)
        from hasDue in Gen.Elements(true, true, true, false)
        from escalated in Gen.Elements(false, false, false, true)
        from awaiting in Gen.Elements(true, false)
        from side in Gen.Elements("old", "new")
        from step in Gen.Elements(Steps)
        select new CaseDto(Guid.NewGuid(), "440304***********1", side, step, awaiting, hasDue ? Today.AddDays(days) : null, escalated);

    [Property(MaxTest = 200)]
    public Property UrgentCasesComeFirst_AndPagesPartitionTheSelection() =>
        Prop.ForAll(Arb.From(Gen.ListOf(CaseGen).Select(l => l.ToList())), cases =>
        {
            var filter = new QueueFilter();
            var all = CaseQueue.Select(cases, filter, Today, WorkingDayCalendar.Official);
            var urgent = all.Select(r => r.Case.Escalated || r.Overdue).ToList();
            var firstCalm = urgent.IndexOf(false);
            var urgentFirst = firstCalm < 0 || urgent.Skip(firstCalm).All(u => !u);
            var pages = Enumerable.Range(1, all.Count / QueueFilter.PageSize + 1)
                .SelectMany(p => CaseQueue.Apply(cases, filter with { Page = p }, Today, WorkingDayCalendar.Official).Rows).ToList();
            return urgentFirst && pages.SequenceEqual(all) && all.Count == cases.Count;
        });

    [Property(MaxTest = 100)]
    public Property Filters_KeepOnlyWhatTheyName() =>
        Prop.ForAll(Arb.From(Gen.ListOf(CaseGen).Select(l => l.ToList())), cases =>
        {
            var ours = CaseQueue.Select(cases, new QueueFilter(Awaiting: "us", Side: "old", OverdueOnly: true), Today, WorkingDayCalendar.Official);
            return ours.All(r => r.Case.AwaitingThisCity && r.Case.Side == "old" && (r.Overdue || r.Case.Escalated))
                && ours.Count == cases.Count(c => c.AwaitingThisCity && c.Side == "old" && (c.Escalated || c.DueOn < Today));
        });

    [Fact]
    public void WorkingDaysLeft_CountsTheOfficialCalendar()
    {
        // 2026-10-01..07 is the National Day holiday: from Tue 29 Sep to Thu 8 Oct only Wed 30 Sep and Thu 8 Oct count.
        Assert.Equal(2, CaseQueue.WorkingDaysLeft(new DateOnly(2026, 9, 29), new DateOnly(2026, 10, 8), WorkingDayCalendar.Official));
        Assert.Equal(0, CaseQueue.WorkingDaysLeft(Today, Today, WorkingDayCalendar.Official));
        Assert.Equal(-1, CaseQueue.WorkingDaysLeft(Today, new DateOnly(2026, 12, 4), WorkingDayCalendar.Official)); // due Friday, Monday now
        Assert.Null(CaseQueue.WorkingDaysLeft(Today, new DateOnly(2099, 1, 1), WorkingDayCalendar.Official));     // calendar not published
    }

    [Fact]
    public void Csv_IsUtf8WithABom_CrlfLines_AndQuotesWhatNeedsIt()
    {
        var row = CaseQueue.Row(new CaseDto(Guid.Empty, "440304***********1", "old", "applied", true, Today, false), Today, WorkingDayCalendar.Official);
        var bytes = CaseQueue.ToCsv([row], _ => "已申请, \"待审核\"");
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n");
        Assert.Equal(string.Join(',', CaseQueue.CsvColumns), lines[0]);
        Assert.Equal("00000000-0000-0000-0000-000000000000,440304***********1,old,\"已申请, \"\"待审核\"\"\",yes,2026-12-07,0,no", lines[1]);
    }
}
