using JinBao.Workbench.Hosting;

using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.ApplicationParts;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace JinBao.Portal.Hosting;

public static class PortalHosting
{
    /// <summary>The portal's cookie scheme, apart from the workbench's: a person's session never counts as a clerk's.</summary>
    public const string Scheme = "JinBao.Portal";

    public const string PersonPolicy = "portal-person";
    public const string BasePath = "/portal";

    /// <summary>
    /// The portal's pages, its sign-in cookie and its policy (after <c>AddJinBaoWorkbench</c>, whose API client and texts
    /// it uses). <paramref name="signInRateLimitPolicy"/> is the API's policy for password guesses, applied to the
    /// sign-in and activation pages.
    /// </summary>
    public static IServiceCollection AddJinBaoPortal(this IServiceCollection services, string signInRateLimitPolicy)
    {
        services.AddRazorPages(pages =>
        {
            pages.Conventions.AuthorizeFolder("/Portal", PersonPolicy);
            foreach (var open in new[] { "/Portal/SignIn", "/Portal/Activate", "/Portal/Language" })
            {
                pages.Conventions.AllowAnonymousToPage(open);
            }

            foreach (var guarded in new[] { "/Portal/SignIn", "/Portal/Activate" })
            {
                pages.Conventions.AddPageApplicationModelConvention(guarded,
                    model => model.EndpointMetadata.Add(new EnableRateLimitingAttribute(signInRateLimitPolicy)));
            }
        }).ConfigureApplicationPartManager(parts =>
        {
            var assembly = typeof(PortalHosting).Assembly;
            if (!parts.ApplicationParts.OfType<AssemblyPart>().Any(part => part.Assembly == assembly))
            {
                parts.ApplicationParts.Add(new AssemblyPart(assembly));
            }
        });
        services.AddScoped<PortalSession>();
        services.AddOptions<PortalOptions>().BindConfiguration(PortalOptions.SectionName);

        services.AddAuthentication().AddCookie(Scheme, cookie =>
        {
            cookie.Cookie.Name = "jinbao-portal";
            cookie.Cookie.Path = BasePath;
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Strict;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            cookie.LoginPath = BasePath + "/sign-in";
            cookie.LogoutPath = BasePath + "/sign-out";
            cookie.ReturnUrlParameter = "returnUrl";
            cookie.SlidingExpiration = false; // the session lasts as long as the API token inside it
        });
        services.AddAuthorizationBuilder()
            .AddPolicy(PersonPolicy, policy => policy.AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser()
                .RequireClaim(PortalSession.CitizenIdClaim));
        return services;
    }

    /// <summary>The pages under <c>/portal</c> and their stylesheet.</summary>
    public static IEndpointRouteBuilder MapJinBaoPortal(this IEndpointRouteBuilder routes)
    {
        routes.MapGet(BasePath + "/assets/{name}", (string name) => EmbeddedAssets.Serve(typeof(PortalHosting).Assembly, "JinBao.Portal.Assets.", name))
            .AllowAnonymous().ExcludeFromDescription();
        routes.MapGet(BasePath, () => Results.Redirect(BasePath + "/record")).AllowAnonymous().ExcludeFromDescription();
        return routes;
    }
}
