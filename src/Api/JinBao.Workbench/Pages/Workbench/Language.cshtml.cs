using JinBao.Workbench.Hosting;
using JinBao.Workbench.Texts;

using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace JinBao.Workbench.Pages.Workbench;

/// <summary>Switches the language (a cookie for a year) and goes back to the page the switch was clicked on.</summary>
public sealed class LanguageModel : WorkbenchPage
{
    public IActionResult OnGet(string? to, string? returnUrl)
    {
        Response.Cookies.Append(WorkbenchText.CookieName, to == "en" ? "en" : "zh", new CookieOptions
        {
            Path = WorkbenchHosting.BasePath,
            MaxAge = TimeSpan.FromDays(365),
            SameSite = SameSiteMode.Lax,
            HttpOnly = true,
        });
        return LocalRedirect(Url.IsLocalUrl(returnUrl) && returnUrl!.StartsWith(WorkbenchHosting.BasePath, StringComparison.Ordinal) ? returnUrl : WorkbenchHosting.BasePath + "/queue");
    }
}
