using JinBao.Workbench.Hosting;
using JinBao.Workbench.Texts;

using Microsoft.AspNetCore.Mvc;

namespace JinBao.Workbench.Pages.Workbench;

/// <summary>Switches the language (a cookie for a year) and goes back to the page the switch was clicked on.</summary>
public sealed class LanguageModel : WorkbenchPage
{
    public IActionResult OnGet(string? to, string? returnUrl)
    {
        WorkbenchText.Choose(Response, to, WorkbenchHosting.BasePath);
        return LocalRedirect(Url.IsLocalUrl(returnUrl) && returnUrl!.StartsWith(WorkbenchHosting.BasePath, StringComparison.Ordinal) ? returnUrl : WorkbenchHosting.BasePath + "/queue");
    }
}
