using System.Security.Claims;

using JinBao.Workbench.Backend;
using JinBao.Workbench.Hosting;

using Microsoft.AspNetCore.Http;

namespace JinBao.Portal.Hosting;

/// <summary>The signed-in person of this request, and the API as they may call it (their own data only).</summary>
public sealed class PortalSession(IHttpContextAccessor accessor, WorkbenchSession loopback)
{
    public const string CitizenIdClaim = "cid";
    public const string TokenClaim = "access_token";

    private ClaimsPrincipal User => accessor.HttpContext?.User ?? new ClaimsPrincipal();

    public string CitizenId => User.FindFirstValue(CitizenIdClaim) ?? "";

    /// <summary>The citizen id as pages show it: masked, like every page of JinBao.</summary>
    public string MaskedCitizenId => Primitives.CitizenId.TryParse(CitizenId, out var id) ? id.Masked : "";

    public bool IsSignedIn => CitizenId.Length > 0;

    public WorkbenchApi Api => loopback.ApiAs(User.FindFirstValue(TokenClaim) ?? "");
}
