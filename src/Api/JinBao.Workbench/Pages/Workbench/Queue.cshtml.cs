using JinBao.Primitives;
using JinBao.Workbench.Backend;
using JinBao.Workbench.Cases;

using Microsoft.AspNetCore.Mvc;

namespace JinBao.Workbench.Pages.Workbench;

/// <summary>The agency's cases: open ones with the statutory countdown, or the history of closed ones.</summary>
public sealed class QueueModel(TimeProvider clock) : WorkbenchPage
{
    [BindProperty(SupportsGet = true)]
    public string Tab { get; set; } = "open";

    [BindProperty(SupportsGet = true)]
    public string Awaiting { get; set; } = "all";

    [BindProperty(SupportsGet = true)]
    public string Side { get; set; } = "all";

    [BindProperty(SupportsGet = true)]
    public string Step { get; set; } = "all";

    [BindProperty(SupportsGet = true)]
    public bool Overdue { get; set; }

    [BindProperty(SupportsGet = true)]
    public string Sort { get; set; } = "due";

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public IReadOnlyList<QueueRow> Rows { get; private set; } = [];

    public IReadOnlyList<ClosedCaseDto> History { get; private set; } = [];

    public int Total { get; private set; }

    public string Stamp { get; private set; } = "";

    public DateOnly Today => clock.Today();

    private QueueFilter Filter => new(Awaiting, Side, Step, Overdue, Sort, PageNumber, Session.Login);

    public async Task<IActionResult> OnGetAsync()
    {
        if (Tab == "history")
        {
            var (history, stopHistory) = await CallAsync(api => api.GetHistoryAsync(Session.City.Value, 500));
            if (stopHistory is not null)
            {
                return stopHistory;
            }

            History = history ?? [];
            Total = History.Count;
            return Page();
        }

        var (cases, stop) = await CallAsync(api => api.GetQueueAsync(Session.City.Value));
        if (stop is not null)
        {
            return stop;
        }

        (Rows, Total) = CaseQueue.Apply(cases ?? [], Filter, Today, WorkingDayCalendar.Official);
        Stamp = CaseQueue.Stamp(cases ?? []);
        return Page();
    }

    /// <summary>The queue's stamp, polled by the page to refresh itself when a case changes.</summary>
    public async Task<IActionResult> OnGetStampAsync()
    {
        var (cases, stop) = await CallAsync(api => api.GetQueueAsync(Session.City.Value));
        return stop is not null ? StatusCode(401) : Content(CaseQueue.Stamp(cases ?? []), "text/plain");
    }

    /// <summary>Every case the filter selects (not only this page), as CSV that Excel opens with Chinese intact.</summary>
    public async Task<IActionResult> OnGetCsvAsync()
    {
        var (cases, stop) = await CallAsync(api => api.GetQueueAsync(Session.City.Value));
        if (stop is not null)
        {
            return stop;
        }

        var everything = CaseQueue.Select(cases ?? [], Filter, Today, WorkingDayCalendar.Official);
        return File(CaseQueue.ToCsv(everything, L.Status), "text/csv; charset=utf-8", $"cases-{Session.City.Value}-{Today:yyyyMMdd}.csv");
    }

    /// <summary>This page's query with one value changed (filters, sorting and paging links).</summary>
    public string Link(string name, string value)
    {
        var query = new Dictionary<string, string?>
        {
            ["tab"] = Tab,
            ["awaiting"] = Awaiting,
            ["side"] = Side,
            ["step"] = Step,
            ["overdue"] = Overdue ? "true" : null,
            ["sort"] = Sort,
            ["p"] = PageNumber.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        query[name] = value;
        if (name != "p")
        {
            query["p"] = "1";
        }

        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/workbench/queue", query.Where(q => q.Value is not null).ToDictionary());
    }
}
