using JinBao.Workbench.Texts;

using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.ApplicationParts;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace JinBao.Workbench.Hosting;

public static class WorkbenchHosting
{
    /// <summary>The workbench's cookie scheme: the API's routes keep their bearer tokens, the pages use this.</summary>
    public const string Scheme = "JinBao.Workbench";

    public const string StaffPolicy = "workbench-staff";
    public const string SupervisorPolicy = "workbench-supervisor";
    public const string BasePath = "/workbench";

    /// <summary>
    /// The workbench's pages, its sign-in cookie and its policies. <paramref name="signInRateLimitPolicy"/> is the API's
    /// rate-limit policy for password guesses, applied to the sign-in page by the clerk's own address.
    /// </summary>
    public static IServiceCollection AddJinBaoWorkbench(this IServiceCollection services, string signInRateLimitPolicy)
    {
        services.AddRazorPages(pages =>
        {
            pages.Conventions.AuthorizeFolder("/Workbench", StaffPolicy);
            pages.Conventions.AllowAnonymousToPage("/Workbench/SignIn");
            pages.Conventions.AllowAnonymousToPage("/Workbench/Language");
            pages.Conventions.AuthorizePage("/Workbench/Staff", SupervisorPolicy);
            pages.Conventions.AddPageApplicationModelConvention("/Workbench/SignIn",
                model => model.EndpointMetadata.Add(new EnableRateLimitingAttribute(signInRateLimitPolicy)));
        }).ConfigureApplicationPartManager(parts =>
        {
            // Found by discovery when the host's entry assembly references this one; added by hand otherwise (a test
            // host, whose entry assembly is the test runner), and never twice (pages would be ambiguous).
            var assembly = typeof(WorkbenchHosting).Assembly;
            if (!parts.ApplicationParts.OfType<AssemblyPart>().Any(part => part.Assembly == assembly))
            {
                parts.ApplicationParts.Add(new AssemblyPart(assembly));
            }
        });
        services.AddHttpContextAccessor();
        services.AddScoped<WorkbenchText>();
        services.AddScoped<WorkbenchSession>();
        services.AddHttpClient(WorkbenchSession.HttpClientName)
            .RemoveAllLoggers() // its URIs hold citizen ids and names; the API logs each call by its route template instead
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { UseProxy = false })
            .ConfigureHttpClient(client => client.Timeout = TimeSpan.FromSeconds(30));

        services.AddAuthentication().AddCookie(Scheme, cookie =>
        {
            cookie.Cookie.Name = "jinbao-workbench";
            cookie.Cookie.Path = BasePath;
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Strict;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            cookie.LoginPath = BasePath + "/sign-in";
            cookie.LogoutPath = BasePath + "/sign-out";
            cookie.AccessDeniedPath = BasePath + "/denied";
            cookie.ReturnUrlParameter = "returnUrl";
            cookie.SlidingExpiration = false; // the session lasts as long as the API token inside it, not longer
            cookie.Events.OnRedirectToLogin = context =>
            {
                context.Response.Redirect(SignInUrl(context.Request));
                return Task.CompletedTask;
            };
        });
        services.AddAuthorizationBuilder()
            .AddPolicy(StaffPolicy, policy => policy.AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser()
                .RequireClaim(WorkbenchSession.RoleClaim, "clerk", "supervisor"))
            .AddPolicy(SupervisorPolicy, policy => policy.AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser()
                .RequireClaim(WorkbenchSession.RoleClaim, "supervisor"));
        return services;
    }

    /// <summary>
    /// The sign-in page, to come back to this request's page afterwards. A form's POST comes back as the page itself
    /// (without its handler): the browser cannot repeat a POST after a redirect, so the page's script refills the form.
    /// </summary>
    public static string SignInUrl(HttpRequest request)
    {
        var back = HttpMethods.IsGet(request.Method) ? $"{request.PathBase}{request.Path}{request.QueryString}" : $"{request.PathBase}{request.Path}";
        return $"{request.PathBase}{BasePath}/sign-in?returnUrl={Uri.EscapeDataString(back)}";
    }

    /// <summary>The pages under <c>/workbench</c> and their stylesheet and script.</summary>
    public static IEndpointRouteBuilder MapJinBaoWorkbench(this IEndpointRouteBuilder routes)
    {
        routes.MapRazorPages();
        routes.MapGet(BasePath + "/assets/{name}", (string name) => EmbeddedAssets.Serve(typeof(WorkbenchHosting).Assembly, "JinBao.Workbench.Assets.", name))
            .AllowAnonymous().ExcludeFromDescription();
        routes.MapGet(BasePath, () => Results.Redirect(BasePath + "/queue")).AllowAnonymous().ExcludeFromDescription();
        return routes;
    }
}

/// <summary>A UI's stylesheet and script, embedded in its assembly (no static-files setup to get wrong in a deployment).</summary>
public static class EmbeddedAssets
{
    public static IResult Serve(System.Reflection.Assembly assembly, string resourcePrefix, string name)
    {
        var type = Path.GetExtension(name) switch
        {
            ".css" => "text/css; charset=utf-8",
            ".js" => "text/javascript; charset=utf-8",
            _ => null,
        };
        var stream = type is null ? null : assembly.GetManifestResourceStream(resourcePrefix + name);
        return stream is null ? Results.NotFound() : Results.Stream(stream, type);
    }
}
