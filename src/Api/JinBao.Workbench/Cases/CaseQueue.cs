using System.Globalization;
using System.Text;

using JinBao.Primitives;
using JinBao.Workbench.Backend;

namespace JinBao.Workbench.Cases;

/// <summary>What the clerk asked the queue to show: the query string of the queue page.</summary>
/// <param name="Me">The signed-in clerk's login, for <c>Awaiting = "mine"</c>: cases awaiting the agency that a supervisor gave to them.</param>
public sealed record QueueFilter(string Awaiting = "all", string Side = "all", string Step = "all", bool OverdueOnly = false, string Sort = "due", int Page = 1, string? Me = null)
{
    public const int PageSize = 25;
}

/// <summary>A case as the queue shows it: the API's row with the statutory countdown in working days.</summary>
/// <param name="WorkingDaysLeft">Working days after today up to the deadline (0: due today; negative: overdue by that many); null without a deadline or calendar.</param>
/// <param name="Overdue">The deadline has passed.</param>
public sealed record QueueRow(CaseDto Case, int? WorkingDaysLeft, bool Overdue);

/// <summary>The queue's rules, without HTTP or HTML: countdown, filters, order, paging and the CSV export.</summary>
public static class CaseQueue
{
    /// <summary>
    /// Working days after <paramref name="today"/> up to <paramref name="due"/> on the official calendar (negative when
    /// overdue); null when the calendar does not cover the years between (the row still shows its date).
    /// </summary>
    public static int? WorkingDaysLeft(DateOnly today, DateOnly due, WorkingDayCalendar calendar)
    {
        try
        {
            return calendar.WorkingDaysBetween(today, due);
        }
        catch (CalendarYearNotCoveredException)
        {
            return null;
        }
    }

    /// <summary>A case as the queue shows it on <paramref name="today"/>.</summary>
    public static QueueRow Row(CaseDto c, DateOnly today, WorkingDayCalendar calendar) =>
        new(c, c.DueOn is { } due ? WorkingDaysLeft(today, due, calendar) : null, c.DueOn is { } deadline && deadline < today);

    /// <summary>
    /// The rows to show, in order: escalated and overdue first (the law's deadlines are the clerk's first duty), then by
    /// the countdown, or by step when asked; with the number of rows before paging.
    /// </summary>
    public static (IReadOnlyList<QueueRow> Rows, int Total) Apply(IEnumerable<CaseDto> cases, QueueFilter filter, DateOnly today, WorkingDayCalendar calendar)
    {
        var all = Select(cases, filter, today, calendar);
        var page = Math.Max(1, filter.Page);
        return (all.Skip((page - 1) * QueueFilter.PageSize).Take(QueueFilter.PageSize).ToList(), all.Count);
    }

    /// <summary>Every row the filter selects, in the queue's order, without paging (what the CSV export holds).</summary>
    public static IReadOnlyList<QueueRow> Select(IEnumerable<CaseDto> cases, QueueFilter filter, DateOnly today, WorkingDayCalendar calendar)
    {
        var rows = cases
            .Select(c => Row(c, today, calendar))
            .Where(r => filter.Awaiting switch
            {
                "us" => r.Case.AwaitingThisCity,
                "mine" => r.Case.AwaitingThisCity && r.Case.AssignedTo is not null && r.Case.AssignedTo == filter.Me,
                "other" => !r.Case.AwaitingThisCity,
                _ => true,
            })
            .Where(r => filter.Side is not ("old" or "new") || r.Case.Side == filter.Side)
            .Where(r => filter.Step == "all" || r.Case.Status == filter.Step)
            .Where(r => !filter.OverdueOnly || r.Overdue || r.Case.Escalated);
        var urgentFirst = rows.OrderByDescending(r => r.Case.Escalated || r.Overdue);
        var ordered = filter.Sort == "step"
            ? urgentFirst.ThenBy(r => r.Case.Status, StringComparer.Ordinal).ThenBy(r => r.WorkingDaysLeft ?? int.MaxValue)
            : urgentFirst.ThenBy(r => r.WorkingDaysLeft ?? int.MaxValue);
        return ordered.ThenBy(r => r.Case.TransferId).ToList();
    }

    /// <summary>The CSV header, in the order of <see cref="ToCsv"/>'s columns.</summary>
    public static readonly string[] CsvColumns = ["transfer_id", "masked_citizen_id", "side", "step", "awaiting_this_city", "due_on", "working_days_left", "escalated"];

    /// <summary>
    /// The rows as CSV for Excel: UTF-8 with a byte-order mark (without it Excel reads Chinese as mojibake), CRLF lines,
    /// fields quoted when they hold a comma or a quote (RFC 4180).
    /// </summary>
    public static byte[] ToCsv(IEnumerable<QueueRow> rows, Func<string, string> stepName)
    {
        var text = new StringBuilder();
        text.Append(string.Join(',', CsvColumns)).Append("\r\n");
        foreach (var row in rows)
        {
            string[] fields =
            [
                row.Case.TransferId.ToString(),
                row.Case.MaskedCitizenId,
                row.Case.Side,
                stepName(row.Case.Status),
                row.Case.AwaitingThisCity ? "yes" : "no",
                row.Case.DueOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "",
                row.WorkingDaysLeft?.ToString(CultureInfo.InvariantCulture) ?? "",
                row.Case.Escalated ? "yes" : "no",
            ];
            text.Append(string.Join(',', fields.Select(Quote))).Append("\r\n");
        }

        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    /// <summary>A stamp of the open queue: it changes whenever a case arrives, moves a step, escalates or leaves.</summary>
    public static string Stamp(IEnumerable<CaseDto> cases) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n',
            cases.OrderBy(c => c.TransferId).Select(c => $"{c.TransferId}|{c.Status}|{c.AwaitingThisCity}|{c.DueOn}|{c.Escalated}")))))[..16];

    private static string Quote(string field) =>
        field.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? '"' + field.Replace("\"", "\"\"", StringComparison.Ordinal) + '"' : field;
}
