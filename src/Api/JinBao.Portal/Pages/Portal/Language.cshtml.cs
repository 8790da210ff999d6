using JinBao.Portal.Hosting;
using JinBao.Workbench.Texts;

using Microsoft.AspNetCore.Mvc;

namespace JinBao.Portal.Pages.Portal;

/// <summary>Switches the language (a cookie for a year) and goes back to the page the switch was tapped on.</summary>
public sealed class LanguageModel : PortalPage
{
    public IActionResult OnGet(string? to, string? returnUrl)
    {
        WorkbenchText.Choose(Response, to, PortalHosting.BasePath);
        return LocalRedirect(Url.IsLocalUrl(returnUrl) && returnUrl!.StartsWith(PortalHosting.BasePath, StringComparison.Ordinal) ? returnUrl : PortalHosting.BasePath + "/record");
    }
}
