using System.Security.Claims;

using JinBao.Portal.Hosting;
using JinBao.Workbench.Backend;
using JinBao.Workbench.Texts;

using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.DependencyInjection;

namespace JinBao.Portal.Pages;

/// <summary>What every portal page has: the person, the API as the person, the language, and how a refusal is shown.</summary>
public abstract class PortalPage : PageModel
{
    protected PortalSession Session => HttpContext.RequestServices.GetRequiredService<PortalSession>();

    protected WorkbenchText L => HttpContext.RequestServices.GetRequiredService<WorkbenchText>();

    protected WorkbenchApi Api => Session.Api;

    /// <summary>The person's own citizen id: every page reads and changes this one record only.</summary>
    protected string Me => Session.CitizenId;

    public string? Problem { get; protected set; }

    /// <summary>The code of the API's refusal behind <see cref="Problem"/>, for a page that expects one (e.g. not retired).</summary>
    protected string? ProblemCode { get; private set; }

    [TempData]
    public string? Notice { get; set; }

    /// <summary>A fresh Idempotency-Key per form rendered: a double tap replays the first answer, never changes twice.</summary>
    public string FormKey { get; } = "pt-" + Guid.NewGuid().ToString("N");

    /// <summary>Runs an API call; a refusal becomes <see cref="Problem"/>, an API 401 (token expired) ends the session.</summary>
    protected async Task<(T? Value, IActionResult? Stop)> CallAsync<T>(Func<WorkbenchApi, Task<T>> call)
    {
        try
        {
            return (await call(Api), null);
        }
        catch (WorkbenchApiException exception) when (exception.Status == 401)
        {
            await HttpContext.SignOutAsync(PortalHosting.Scheme);
            return (default, Redirect($"{PortalHosting.BasePath}/sign-in?returnUrl={Uri.EscapeDataString(Request.Path)}"));
        }
        catch (WorkbenchApiException exception)
        {
            ProblemCode = exception.Code;
            Problem = exception.Code switch
            {
                "person-not-found" or "transfer-not-found" => L.T("未找到。", "Not found."),
                "too-many-requests" => L.T("请求过于频繁，请稍后再试。", "Too many requests; try again shortly."),
                _ => $"{exception.Code}: {exception.Detail}",
            };
            return (default, null);
        }
    }

    /// <summary>Signs the person in (sign-in or activation) with the token the API issued; or says why not.</summary>
    protected async Task<string?> StartSessionAsync(PersonSignInResult result, TimeProvider clock)
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
