using JinBao.Primitives;
using JinBao.Workbench.Backend;
using JinBao.Workbench.Cases;

using Microsoft.AspNetCore.Mvc;

namespace JinBao.Workbench.Pages.Workbench;

/// <summary>One transfer case: the person, the amounts, the timeline, and the decision awaited from this agency.</summary>
public sealed class CaseModel(TimeProvider clock) : WorkbenchPage
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    public TransferDto? Transfer { get; private set; }

    public PersonDto? Person { get; private set; }

    public int? WorkingDaysLeft { get; private set; }

    /// <summary>The case as the agency's queue has it (assignee, acknowledgement); null once it left the queue.</summary>
    public CaseDto? Queued { get; private set; }

    /// <summary>The agency's enabled clerks, for a supervisor to give the case to.</summary>
    public IReadOnlyList<ClerkDto> Staff { get; private set; } = [];

    /// <summary>A supervisor of the awaited agency may acknowledge the escalation of the step it owes.</summary>
    public bool MayAcknowledge => Session.IsSupervisor && AwaitsUs && Transfer is { Escalated: true } && Queued is { EscalationAcknowledged: false };

    public DateOnly Today => clock.Today();

    /// <summary>This agency is the one the current step waits for.</summary>
    public bool AwaitsUs => Transfer is { AwaitingCity: { } city, Status: "applied" or "contact-letter-issued" } && city == Session.City.Value;

    /// <summary>A supervisor of the new place may withdraw the application until the old place released anything.</summary>
    public bool MayCancel => Session.IsSupervisor && Transfer is { Status: "applied" or "contact-letter-issued" } t && t.ToCity == Session.City.Value;

    public async Task<IActionResult> OnGetAsync() => await LoadAsync() ?? Page();

    public Task<IActionResult> OnPostApproveAsync(string key, string? note) =>
        DecideAsync(api => api.ApproveAsync(Id, key, string.IsNullOrWhiteSpace(note) ? null : note.Trim()), L.T("已同意。", "Approved."));

    public Task<IActionResult> OnPostRejectAsync(string key, string? reason)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            Problem = L.T("拒绝须填写理由，理由会告知对方经办机构和申请人。", "A rejection needs a reason: the other place and the applicant will read it.");
            return ReloadAsync();
        }

        return DecideAsync(api => api.RejectAsync(Id, key, reason.Trim()), L.T("已拒绝，理由已送达对方。", "Rejected; the reason goes to the other place."));
    }

    public Task<IActionResult> OnPostAssignAsync(string key, string? clerk) =>
        DecideAsync(async api =>
        {
            await api.AssignAsync(Session.City.Value, Id, key, clerk ?? "");
            return Transfer!;
        }, L.T($"案件已分给 {clerk}。", $"Case given to {clerk}."));

    public Task<IActionResult> OnPostAcknowledgeAsync(string key, string? note) =>
        DecideAsync(async api =>
        {
            await api.AcknowledgeAsync(Session.City.Value, Id, key, string.IsNullOrWhiteSpace(note) ? null : note.Trim());
            return Transfer!;
        }, L.T("已确认超期升级，由科长督办。", "Escalation acknowledged."));

    public Task<IActionResult> OnPostCancelAsync(string key, string? reason) =>
        DecideAsync(api => api.CancelAsync(Id, key, string.IsNullOrWhiteSpace(reason) ? null : reason.Trim()), L.T("申请已撤销。", "Application withdrawn."));

    private async Task<IActionResult> DecideAsync(Func<WorkbenchApi, Task<TransferDto>> decide, string done)
    {
        var (_, stop) = await CallAsync(decide);
        if (stop is not null)
        {
            return stop;
        }

        if (Problem is not null)
        {
            return await ReloadAsync();
        }

        Notice = done;
        return RedirectToPage(new { Id }); // post-redirect-get: a reload never submits the decision again
    }

    private async Task<IActionResult> ReloadAsync() => await LoadAsync() ?? Page();

    private async Task<IActionResult?> LoadAsync()
    {
        var (transfer, stop) = await CallAsync(api => api.GetTransferAsync(Id));
        if (stop is not null || transfer is null)
        {
            return stop;
        }

        Transfer = transfer;
        WorkingDaysLeft = transfer.DueOn is { } due ? CaseQueue.WorkingDaysLeft(Today, due, WorkingDayCalendar.Official) : null;
        var problem = Problem;
        var (person, personStop) = await CallAsync(api => api.GetPersonAsync(transfer.CitizenId, $"办理养老保险关系转移案件 {transfer.Id}"));
        Person = person;
        var (queue, _) = await CallAsync(api => api.GetQueueAsync(Session.City.Value));
        Queued = queue?.FirstOrDefault(c => c.TransferId == transfer.Id);
        if (Session.IsSupervisor && Queued is not null)
        {
            var (staff, _) = await CallAsync(api => api.GetStaffAsync(Session.City.Value));
            Staff = staff?.Where(a => a.DisabledAt is null).ToList() ?? [];
        }

        Problem = problem; // the case page works without the person's record (e.g. not yet visible here)
        return personStop;
    }
}
