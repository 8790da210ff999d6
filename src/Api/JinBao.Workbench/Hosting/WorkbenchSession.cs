using System.Security.Claims;

using JinBao.Primitives;
using JinBao.Workbench.Backend;

using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;

namespace JinBao.Workbench.Hosting;

/// <summary>The signed-in clerk of this request, and the API as they may call it.</summary>
public sealed class WorkbenchSession(IHttpContextAccessor accessor, IHttpClientFactory clients, IServer server)
{
    public const string LoginClaim = "sub";
    public const string RoleClaim = "role";
    public const string CityClaim = "region";
    public const string TokenClaim = "access_token";
    public const string HttpClientName = "jinbao-workbench-loopback";

    private ClaimsPrincipal User => accessor.HttpContext?.User ?? new ClaimsPrincipal();

    public string Login => User.FindFirstValue(LoginClaim) ?? "";

    public string Role => User.FindFirstValue(RoleClaim) ?? "";

    public bool IsSupervisor => Role == "supervisor";

    public RegionCode City => RegionCode.TryParse(User.FindFirstValue(CityClaim), out var city) ? city : default;

    /// <summary>The API, called as this clerk.</summary>
    public WorkbenchApi Api => ApiAs(User.FindFirstValue(TokenClaim) ?? "");

    /// <summary>The API over loopback, called with <paramref name="accessToken"/> (the portal's person's, too).</summary>
    public WorkbenchApi ApiAs(string accessToken)
    {
        var client = clients.CreateClient(HttpClientName);
        client.BaseAddress = LoopbackAddress();
        return new WorkbenchApi(client, accessToken);
    }

    // This process's own listening address, as a loopback URL (a wildcard host is reached on 127.0.0.1); plain HTTP
    // when the process listens on both, so no certificate has to be trusted for a call that never leaves the machine.
    private Uri LoopbackAddress()
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var chosen = addresses.OrderBy(a => a.StartsWith("http://", StringComparison.OrdinalIgnoreCase) ? 0 : 1).FirstOrDefault();
        if (chosen is null)
        {
            var request = accessor.HttpContext!.Request;
            return new Uri($"{request.Scheme}://{request.Host}");
        }

        var uri = new Uri(chosen.Replace("://+", "://127.0.0.1", StringComparison.Ordinal).Replace("://*", "://127.0.0.1", StringComparison.Ordinal));
        var host = uri.Host is "0.0.0.0" or "[::]" or "::" ? "127.0.0.1" : uri.Host;
        return new UriBuilder(uri.Scheme, host, uri.Port).Uri;
    }
}
