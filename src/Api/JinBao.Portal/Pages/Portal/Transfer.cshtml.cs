using JinBao.Primitives;
using JinBao.Workbench.Backend;

using Microsoft.AspNetCore.Mvc;

namespace JinBao.Portal.Pages.Portal;

/// <summary>My transfer: apply online at my new place (the counter's workflow), follow each step and its deadline, cancel while allowed.</summary>
public sealed class TransferModel(TimeProvider clock) : PortalPage
{
    public DateOnly Today => clock.Today();

    public IReadOnlyList<TransferDto> Transfers { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        var (transfers, stop) = await CallAsync(api => api.GetTransfersOfAsync(Me));
        Transfers = transfers ?? [];
        return stop ?? Page();
    }

    public async Task<IActionResult> OnPostApplyAsync(string key, string? fromCity)
    {
        var (transfer, stop) = await CallAsync(api => api.ApplyForTransferAsync(key, new { citizenId = Me, fromCity = fromCity?.Trim() }));
        return stop ?? await AfterAsync(transfer is null ? null : L.T("转移申请已提交。", "Your application is in."));
    }

    public async Task<IActionResult> OnPostCancelAsync(string key, Guid transferId)
    {
        var (transfer, stop) = await CallAsync(api => api.CancelAsync(transferId, key, L.T("本人撤回申请", "Withdrawn by the person")));
        return stop ?? await AfterAsync(transfer is null ? null : L.T("申请已撤回。", "Your application is withdrawn."));
    }

    private async Task<IActionResult> AfterAsync(string? notice)
    {
        if (notice is not null)
        {
            Notice = notice;
            return RedirectToPage();
        }

        return await OnGetAsync();
    }
}
