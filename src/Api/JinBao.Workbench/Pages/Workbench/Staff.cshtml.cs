using JinBao.Workbench.Backend;

using Microsoft.AspNetCore.Mvc;

namespace JinBao.Workbench.Pages.Workbench;

/// <summary>The agency's clerk accounts, for its supervisors: create (the first password is shown once), disable, enable.</summary>
public sealed class StaffModel : WorkbenchPage
{
    public IReadOnlyList<ClerkDto> Accounts { get; private set; } = [];

    /// <summary>The agency's auto-approval policy.</summary>
    public TransferPolicyDto? Policy { get; private set; }

    /// <summary>The account just created with its first password, shown on this response only.</summary>
    public CreatedClerkDto? Created { get; private set; }

    public async Task<IActionResult> OnGetAsync() => await LoadAsync() ?? Page();

    public async Task<IActionResult> OnPostCreateAsync(string? user, string? role)
    {
        var (created, stop) = await CallAsync(api => api.CreateClerkAsync(Session.City.Value, user?.Trim() ?? "", role ?? "clerk"));
        Created = created;
        return stop ?? await LoadAsync() ?? Page();
    }

    public async Task<IActionResult> OnPostDisableAsync(string user, bool disable)
    {
        var (_, stop) = await CallAsync(async api =>
        {
            await api.SetClerkDisabledAsync(Session.City.Value, user, disable);
            return true;
        });
        return stop ?? await LoadAsync() ?? Page();
    }

    public async Task<IActionResult> OnPostPolicyAsync(string key, bool approveCompleteApplications, bool releaseAtOnce)
    {
        var (_, stop) = await CallAsync(api => api.SetPolicyAsync(Session.City.Value, key, approveCompleteApplications, releaseAtOnce));
        if (stop is null && Problem is null)
        {
            Notice = L.T("自动审批策略已更新：此后到达的环节按新策略办理。", "Policy changed: steps reached from now on follow it.");
            return RedirectToPage();
        }

        return stop ?? await LoadAsync() ?? Page();
    }

    private async Task<IActionResult?> LoadAsync()
    {
        var problem = Problem;
        var (accounts, stop) = await CallAsync(api => api.GetStaffAsync(Session.City.Value));
        Accounts = accounts ?? [];
        var (policy, _) = await CallAsync(api => api.GetPolicyAsync(Session.City.Value));
        Policy = policy;
        Problem ??= problem;
        return stop;
    }
}
