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
            Problem = exception.Code switch
            {
                "person-not-found" or "transfer-not-found" => L.T("未找到。", "Not found."),
                "too-many-requests" => L.T("请求过于频繁，请稍后再试。", "Too many requests; try again shortly."),
                _ => $"{exception.Code}: {exception.Detail}",
            };
            return (default, null);
        }
    }
}
