using JinBao.Portal.Hosting;

using Microsoft.AspNetCore.Mvc;

namespace JinBao.Portal.Pages.Portal;

public sealed class SignInModel(IPersonSignIn signIn, TimeProvider clock) : PortalPage
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty]
    public string? CitizenId { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(string? password)
    {
        var result = await signIn.SignInAsync(CitizenId?.Trim().ToUpperInvariant() ?? "", password ?? "", HttpContext.Connection.RemoteIpAddress?.ToString(), HttpContext.RequestAborted);
        if (await StartSessionAsync(result, clock) is { } refused)
        {
            Problem = refused;
            return Page();
        }

        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) && ReturnUrl!.StartsWith(PortalHosting.BasePath, StringComparison.Ordinal) ? ReturnUrl : PortalHosting.BasePath + "/record");
    }
}
