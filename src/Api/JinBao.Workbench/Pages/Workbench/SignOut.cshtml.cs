using JinBao.Workbench.Hosting;

using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;

namespace JinBao.Workbench.Pages.Workbench;

public sealed class SignOutModel : WorkbenchPage
{
    public IActionResult OnGet() => LocalRedirect(WorkbenchHosting.BasePath + "/queue");

    public async Task<IActionResult> OnPostAsync()
    {
        await HttpContext.SignOutAsync(WorkbenchHosting.Scheme);
        return LocalRedirect(WorkbenchHosting.BasePath + "/sign-in");
    }
}
