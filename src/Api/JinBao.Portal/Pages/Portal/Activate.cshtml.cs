using JinBao.Portal.Hosting;

using Microsoft.AspNetCore.Mvc;

namespace JinBao.Portal.Pages.Portal;

/// <summary>The person sets their password with the one-time code a clerk gave them, and is signed in.</summary>
public sealed class ActivateModel(IPersonSignIn signIn, TimeProvider clock) : PortalPage
{
    [BindProperty]
    public string? CitizenId { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(string? code, string? password, string? repeat)
    {
        if (password != repeat)
        {
            Problem = L.T("两次输入的密码不一致。", "The two passwords differ.");
            return Page();
        }

        var result = await signIn.ActivateAsync(CitizenId?.Trim().ToUpperInvariant() ?? "", code?.Replace("-", "", StringComparison.Ordinal).Trim() ?? "", password ?? "",
            HttpContext.Connection.RemoteIpAddress?.ToString(), HttpContext.RequestAborted);
        if (await StartSessionAsync(result, clock) is { } refused)
        {
            Problem = refused;
            return Page();
        }

        Notice = L.T("账号已激活。", "Your account is active.");
        return LocalRedirect(PortalHosting.BasePath + "/record");
    }
}
