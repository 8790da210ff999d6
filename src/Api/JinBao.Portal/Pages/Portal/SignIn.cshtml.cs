using System.Security.Claims;

using JinBao.Portal.Hosting;

using Microsoft.AspNetCore.Authentication;
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
        if (await SessionFor(result) is { } refused)
        {
            Problem = refused;
            return Page();
        }

        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) && ReturnUrl!.StartsWith(PortalHosting.BasePath, StringComparison.Ordinal) ? ReturnUrl : PortalHosting.BasePath + "/record");
    }

    /// <summary>Signs the person in with the token the API issued; or says why not.</summary>
    internal async Task<string?> SessionFor(PersonSignInResult result)
    {
        switch (result.Outcome)
        {
            case PersonSignInOutcome.Locked:
                return L.T($"因连续输错，登录已锁定至 {result.LockedUntil?.ToOffset(TimeSpan.FromHours(8)):HH:mm}（北京时间）。可到经办窗口重新领取激活码。",
                    $"Locked after repeated wrong attempts until {result.LockedUntil?.ToOffset(TimeSpan.FromHours(8)):HH:mm} (Beijing time). A new activation code from the counter unlocks it.");
            case PersonSignInOutcome.NotHere:
                return L.T("本省没有您的参保记录：请到为您保管养老保险关系的省份的个人服务登录。", "This province keeps no record of you: sign in at the portal of the province that keeps your pension relationship.");
            case PersonSignInOutcome.WeakPassword:
                return L.T("密码须为 12 至 128 个字符。", "The password must be 12 to 128 characters long.");
            case PersonSignInOutcome.Wrong:
                return L.T("身份证号、密码或激活码不正确，或尚未激活。", "Wrong citizen id, password or code, or not activated yet.");
        }

        var identity = new ClaimsIdentity(
            [new Claim(PortalSession.CitizenIdClaim, result.CitizenId!), new Claim(PortalSession.TokenClaim, result.AccessToken!)],
            PortalHosting.Scheme, PortalSession.CitizenIdClaim, null);
        await HttpContext.SignInAsync(PortalHosting.Scheme, new ClaimsPrincipal(identity), new AuthenticationProperties
        {
            ExpiresUtc = clock.GetUtcNow() + result.Lifetime,
            IsPersistent = false,
            AllowRefresh = false,
        });
        return null;
    }
}
