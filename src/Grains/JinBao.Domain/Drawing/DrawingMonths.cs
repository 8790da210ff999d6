using JinBao.Primitives;

namespace JinBao.Drawing;

/// <summary>
/// Which months a retiree is paid, owes back or is back-paid (spec §5). Pure; the payment run does the same in SQL and
/// the properties check both against independent models.
/// </summary>
public static class DrawingMonths
{
    /// <summary>Verification validity rolls 12 months from the day of the check (spec §5).</summary>
    public const int ValidityMonths = 12;

    /// <summary>Validity after a check on <paramref name="verifiedOn"/>: never shortened by an older check reported late.</summary>
    public static DateOnly RenewedValidity(DateOnly current, DateOnly verifiedOn) =>
        DateOnly.FromDayNumber(Math.Max(current.DayNumber, verifiedOn.AddMonths(ValidityMonths).DayNumber));

    /// <summary>Whether a payment for <paramref name="month"/> is covered: the validity reaches the month's first day.</summary>
    public static bool IsVerifiedFor(DateOnly verifiedUntil, YearMonth month) => verifiedUntil >= month.FirstDay;

    /// <summary>Months due from the first payment month through the death month (payment ends with the death month).</summary>
    public static int MonthsDue(YearMonth firstMonth, YearMonth deathMonth) => Math.Max(0, firstMonth.MonthsUntil(deathMonth) + 1);

    /// <summary>The paid months after the death month: the overpayment to recover (冒领/多领).</summary>
    public static IReadOnlyList<YearMonth> Overpaid(YearMonth deathMonth, IEnumerable<YearMonth> paidMonths) =>
        paidMonths.Where(m => m > deathMonth).Distinct().Order().ToList();

    /// <summary>
    /// The months a run for <paramref name="runMonth"/> pays a payable retiree: every month from
    /// <paramref name="backPayFrom"/> (set when a suspension is lifted, or when the record first appears) through the
    /// run month, not before the first payment month, and not already paid. Without back-pay, just the run month.
    /// </summary>
    public static IReadOnlyList<YearMonth> MonthsToPay(YearMonth firstMonth, YearMonth? backPayFrom, YearMonth runMonth, IReadOnlySet<YearMonth> alreadyPaid)
    {
        if (runMonth < firstMonth)
        {
            return [];
        }

        var from = backPayFrom is { } back && back > firstMonth ? back : backPayFrom is null ? runMonth : firstMonth;
        var months = new List<YearMonth>();
        for (var month = from; month <= runMonth; month = month.AddMonths(1))
        {
            if (!alreadyPaid.Contains(month))
            {
                months.Add(month);
            }
        }

        return months;
    }
}
