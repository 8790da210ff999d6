using System.Security.Claims;

using JinBao.Workbench.Hosting;

using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;

namespace JinBao.Workbench.Pages.Workbench;

public sealed class SignInModel(IStaffSignIn signIn, TimeProvider clock) : WorkbenchPage
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty]
    public string? Login { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(string? password)
    {
        var result = await signIn.SignInAsync(Login?.Trim() ?? "", password ?? "", HttpContext.Connection.RemoteIpAddress?.ToString(), HttpContext.RequestAborted);
        switch (result.Outcome)
        {
            case StaffSignInOutcome.Locked:
                Problem = L.T($"账号因连续输错密码已锁定，至 {result.LockedUntil?.ToOffset(TimeSpan.FromHours(8)):HH:mm}（北京时间）解锁；科长可提前解锁。",
                    $"The account is locked after repeated wrong passwords until {result.LockedUntil?.ToOffset(TimeSpan.FromHours(8)):HH:mm} (Beijing time); a supervisor can unlock it sooner.");
                return Page();
            case StaffSignInOutcome.Wrong:
                Problem = L.T("用户名或密码错误，或账号已停用。", "Wrong user name or password, or the account is disabled.");
                return Page();
        }

        var identity = new ClaimsIdentity(
            [
                new Claim(WorkbenchSession.LoginClaim, result.Login!),
                new Claim(WorkbenchSession.RoleClaim, result.Role!),
                new Claim(WorkbenchSession.CityClaim, result.City!),
                new Claim(WorkbenchSession.TokenClaim, result.AccessToken!),
            ],
            WorkbenchHosting.Scheme, WorkbenchSession.LoginClaim, WorkbenchSession.RoleClaim);
        await HttpContext.SignInAsync(WorkbenchHosting.Scheme, new ClaimsPrincipal(identity), new AuthenticationProperties
        {
            // The session ends with the token inside it: a clerk is never signed in to a page whose API calls would fail.
            ExpiresUtc = clock.GetUtcNow() + result.Lifetime,
            IsPersistent = false,
            AllowRefresh = false,
        });
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) && ReturnUrl!.StartsWith(WorkbenchHosting.BasePath, StringComparison.Ordinal) ? ReturnUrl : WorkbenchHosting.BasePath + "/queue");
    }
}
