using JinBao.Portal.Hosting;

using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;

namespace JinBao.Portal.Pages.Portal;

public sealed class SignOutModel : PortalPage
{
    public async Task<IActionResult> OnPostAsync()
    {
        await HttpContext.SignOutAsync(PortalHosting.Scheme);
        return LocalRedirect(PortalHosting.BasePath + "/sign-in");
    }
}
