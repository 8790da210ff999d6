using FsCheck.Xunit;

using JinBao.Drawing;
using JinBao.Primitives;

namespace JinBao.UnitTests.Drawing;

public sealed class DrawingMonthsProperties
{
    private static readonly YearMonth Origin = new(2026, 12);

    /// <summary>The overpayment is exactly the paid months after the death month: together with the rest, all that was paid.</summary>
    [Property]
    public bool Overpaid_IsThePaidMonthsAfterTheDeathMonth(byte[] paidOffsets, byte deathOffset)
    {
        var paid = paidOffsets.Select(o => Origin.AddMonths(o % 36)).ToList();
        var death = Origin.AddMonths(deathOffset % 36);
        var overpaid = DrawingMonths.Overpaid(death, paid);
        var model = Enumerable.Range(0, 36).Select(Origin.AddMonths).Where(m => paid.Contains(m) && m.Ordinal > death.Ordinal).ToList();
        return overpaid.SequenceEqual(model) && overpaid.Concat(paid.Where(m => m <= death)).ToHashSet().SetEquals(paid);
    }

    /// <summary>
    /// Suspended from S, resumed by the run of R with nothing paid in between: the run pays S..R, one line each, and
    /// never a month before the first payment month.
    /// </summary>
    [Property]
    public bool MonthsToPay_AfterASuspension_BackPaysEveryMissedMonthOnce(byte firstOffset, byte suspendedOffset, byte gap)
    {
        var first = Origin.AddMonths(firstOffset % 24);
        var suspended = first.AddMonths(suspendedOffset % 24);
        var run = suspended.AddMonths(gap % 12);
        var paidBefore = Enumerable.Range(0, first.MonthsUntil(suspended)).Select(first.AddMonths).ToHashSet();

        var months = DrawingMonths.MonthsToPay(first, suspended, run, paidBefore);

        var model = Enumerable.Range(0, suspended.MonthsUntil(run) + 1).Select(suspended.AddMonths).ToList();
        return months.SequenceEqual(model);
    }

    /// <summary>Idempotency: after paying what a run plans, planning the same run again pays nothing; no month is ever paid twice.</summary>
    [Property]
    public bool MonthsToPay_PlannedAgainAfterPaying_IsEmpty(byte firstOffset, byte? backOffset, byte runOffset, byte[] paidOffsets)
    {
        var first = Origin.AddMonths(firstOffset % 24);
        YearMonth? back = backOffset is { } b ? Origin.AddMonths(b % 36) : null;
        var run = Origin.AddMonths(runOffset % 36);
        var paid = paidOffsets.Select(o => Origin.AddMonths(o % 36)).ToHashSet();

        var planned = DrawingMonths.MonthsToPay(first, back, run, paid);
        var after = paid.Concat(planned).ToHashSet();

        return DrawingMonths.MonthsToPay(first, back, run, after).Count == 0
            && planned.All(m => !paid.Contains(m) && m >= first && m <= run)
            && planned.Distinct().Count() == planned.Count;
    }

    [Property]
    public bool RenewedValidity_NeverShortensAndCoversTwelveMonthsFromTheCheck(ushort currentDays, ushort checkDays)
    {
        var current = new DateOnly(2026, 1, 1).AddDays(currentDays % 1500);
        var verifiedOn = new DateOnly(2026, 1, 1).AddDays(checkDays % 1500);
        var renewed = DrawingMonths.RenewedValidity(current, verifiedOn);
        return renewed >= current && renewed >= verifiedOn.AddMonths(12)
            && DrawingMonths.IsVerifiedFor(renewed, YearMonth.Of(verifiedOn).AddMonths(12))
            && (renewed == current || renewed == verifiedOn.AddMonths(12));
    }

    [Property]
    public bool MonthsDue_CountsFirstThroughDeathMonth(byte firstOffset, byte deathOffset)
    {
        var first = Origin.AddMonths(firstOffset % 36);
        var death = Origin.AddMonths(deathOffset % 36);
        return DrawingMonths.MonthsDue(first, death) == Enumerable.Range(0, 36).Select(Origin.AddMonths).Count(m => m >= first && m <= death);
    }
}
