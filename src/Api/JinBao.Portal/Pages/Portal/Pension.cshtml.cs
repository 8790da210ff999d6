using JinBao.Primitives;
using JinBao.Workbench.Backend;

using Microsoft.AspNetCore.Mvc;

namespace JinBao.Portal.Pages.Portal;

/// <summary>My pension (retirees): what is paid each month, and the yearly entitlement verification done here.</summary>
public sealed class PensionModel(TimeProvider clock) : PortalPage
{
    public PayeeDto? Payee { get; private set; }

    public IReadOnlyList<PaymentLineDto> Payments { get; private set; } = [];

    public DateOnly Today => clock.Today();

    public async Task<IActionResult> OnGetAsync()
    {
        var (payee, stop) = await CallAsync(api => api.GetPayeeAsync(Me));
        if (stop is not null)
        {
            return stop;
        }

        if (payee is null)
        {
            if (ProblemCode == "person-not-drawing")
            {
                Problem = null; // not retired: the page explains, it is no error
            }

            return Page();
        }

        Payee = payee;
        var (payments, stopped) = await CallAsync(api => api.GetPaymentsAsync(Me));
        Payments = payments ?? [];
        return stopped ?? Page();
    }

    /// <summary>The yearly attestation (资格认证) done online: dated now, it renews the 12 months like the agency's check.</summary>
    public async Task<IActionResult> OnPostVerifyAsync(string key)
    {
        var (payee, stop) = await CallAsync(api => api.RecordVerificationAsync(Me, key, new
        {
            verificationId = "portal-" + key,
            method = "online-attestation",
            verifiedOn = Today,
        }));
        if (stop is not null)
        {
            return stop;
        }

        if (payee is not null)
        {
            Notice = L.T($"资格认证已完成（{clock.GetUtcNow().ToOffset(ChinaTime.Offset):yyyy-MM-dd HH:mm}），有效期至 {payee.VerifiedUntil:yyyy-MM-dd}。",
                $"Verified at {clock.GetUtcNow().ToOffset(ChinaTime.Offset):yyyy-MM-dd HH:mm}; valid until {payee.VerifiedUntil:yyyy-MM-dd}.");
            return RedirectToPage();
        }

        return await OnGetAsync();
    }
}
