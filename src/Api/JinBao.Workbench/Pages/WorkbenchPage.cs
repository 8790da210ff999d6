using JinBao.Workbench.Backend;
using JinBao.Workbench.Hosting;
using JinBao.Workbench.Texts;

using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.DependencyInjection;

namespace JinBao.Workbench.Pages;

/// <summary>What every workbench page has: the clerk, the API as the clerk, the language, and how an API refusal is shown.</summary>
public abstract class WorkbenchPage : PageModel
{
    protected WorkbenchSession Session => HttpContext.RequestServices.GetRequiredService<WorkbenchSession>();

    protected WorkbenchText L => HttpContext.RequestServices.GetRequiredService<WorkbenchText>();

    protected WorkbenchApi Api => Session.Api;

    /// <summary>A refusal or failure of the API, to show at the top of the page (code and the API's own words).</summary>
    public string? Problem { get; protected set; }

    /// <summary>What succeeded, to show at the top of the page.</summary>
    [TempData]
    public string? Notice { get; set; }

    /// <summary>
    /// A fresh key for each form rendered: sent as the Idempotency-Key of the change it submits, so a double click or a
    /// resubmitted page replays the first answer instead of changing anything twice.
    /// </summary>
    public string FormKey { get; } = "wb-" + Guid.NewGuid().ToString("N");

    /// <summary>
    /// Runs a call to the API; a refusal becomes <see cref="Problem"/>, and an expired or revoked token ends the session
    /// (sign-in again, then back here), because an API 401 means the clerk's token no longer counts.
    /// </summary>
    protected async Task<(T? Value, IActionResult? Stop)> CallAsync<T>(Func<WorkbenchApi, Task<T>> call)
    {
        try
        {
            return (await call(Api), null);
        }
        catch (WorkbenchApiException exception) when (exception.Status == 401)
        {
            await HttpContext.SignOutAsync(WorkbenchHosting.Scheme);
            return (default, Redirect(WorkbenchHosting.SignInUrl(Request)));
        }
        catch (WorkbenchApiException exception)
        {
            Problem = Describe(exception);
            return (default, null);
        }
    }

    private string Describe(WorkbenchApiException exception) => exception.Code switch
    {
        "supervisor-required" => L.T("此环节已超期并升级，须由科长（主管）办理。", "This step is overdue and was escalated: a supervisor decides it now.") + " " + exception.Detail,
        "caller-kind-forbidden" => L.T("您的角色无权进行此操作。", "Your role may not do this.") + " " + exception.Detail,
        "person-not-found" => L.T("未找到该人员，或其不在本经办机构的范围内。", "No such person, or the person is outside this agency's scope."),
        "transfer-not-found" => L.T("未找到该转移案件。", "No such transfer case."),
        "document-not-found" => L.T("没有与该编号和校验码相符的凭证，请核对纸质凭证上的编号和校验码。", "No document has this number with this verification code: check both against the paper."),
        "document-check-unavailable" => L.T("出具凭证的省份暂时无法连接，请稍后再试。", "The province that printed the document cannot be reached now; try again shortly."),
        "too-many-requests" => L.T("请求过于频繁，请稍后再试。", "Too many requests; try again shortly."),
        _ => $"{exception.Code}: {exception.Detail}",
    };
}
