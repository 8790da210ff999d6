using JinBao.Primitives;
using JinBao.Workbench.Backend;

using Microsoft.AspNetCore.Mvc;

namespace JinBao.Portal.Pages.Portal;

/// <summary>My off-site medical care: file (备案) online within the rules, my filings, and my settlements with who paid what.</summary>
public sealed class MedicalModel(TimeProvider clock) : PortalPage
{
    public MedicalAccountDto? Account { get; private set; }

    public DateOnly Today => clock.Today();

    public async Task<IActionResult> OnGetAsync()
    {
        var (account, stop) = await CallAsync(api => api.GetMedicalAsync(Me, L.T("本人查询", "Own record")));
        Account = account;
        return stop ?? Page();
    }

    public async Task<IActionResult> OnPostFileAsync(string key, string? type, string? careCity, DateOnly? validFrom, DateOnly? validUntil)
    {
        var (filing, stop) = await CallAsync(api => api.FileForCareAsync(Me, key, new { type, careCity = careCity?.Trim(), validFrom, validUntil }));
        if (stop is not null)
        {
            return stop;
        }

        if (Problem is not null)
        {
            return await OnGetAsync();
        }

        Notice = L.T($"已备案：就医地 {L.City(careCity?.Trim())}，自 {validFrom:yyyy-MM-dd} 起。", $"Filed: care in {L.City(careCity?.Trim())} from {validFrom:yyyy-MM-dd}.");
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostCancelAsync(string key, string filingId)
    {
        var (_, stop) = await CallAsync(async api =>
        {
            await api.CancelFilingAsync(Me, filingId, key);
            return true;
        });
        if (stop is not null)
        {
            return stop;
        }

        if (Problem is null)
        {
            Notice = L.T("备案已撤销。", "The filing is cancelled.");
            return RedirectToPage();
        }

        return await OnGetAsync();
    }
}
