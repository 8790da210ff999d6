using System.Reflection;
using System.Security.Claims;

using JinBao.Persons;
using JinBao.Primitives;

namespace JinBao.Api.Auth;

/// <summary>What an authenticated caller is.</summary>
public enum CallerKind
{
    /// <summary>A city's social-insurance system (client credentials), acting for its whole region.</summary>
    CitySystem,

    /// <summary>A clerk of a city agency (经办机构).</summary>
    Clerk,

    /// <summary>A clerk with the supervisor role: decides what a clerk may not.</summary>
    Supervisor,

    /// <summary>An insured person signed in to the portal (公共服务): sees and starts their own business, nobody else's.</summary>
    Person,
}

/// <summary>The claims our access tokens carry.</summary>
public static class CallerClaims
{
    public const string Subject = "sub";
    public const string Kind = "kind";
    public const string Region = "region";
    public const string Role = "role";

    public const string CitySystemKind = "city-system";
    public const string ClerkKind = "clerk";
    public const string ClerkRole = "clerk";
    public const string SupervisorRole = "supervisor";
    public const string PersonKind = "person";

    /// <summary>A person's citizen id, in a person's token only: the one record that token may see.</summary>
    public const string CitizenId = "cid";
}

/// <summary>
/// The authenticated caller of a request: who (<see cref="Subject"/>), what kind, and the region it acts for (a city
/// system's city or a clerk's agency). Endpoints take it as a parameter.
/// </summary>
/// <param name="Subject">The credential's client id (<c>cs-440300-…</c>), the clerk's <c>user@city</c>, or a person's credential id (<c>p-…</c>, no personal data).</param>
/// <param name="Region">The city a city system or clerk acts for; for a person, the city insuring them when they signed in.</param>
/// <param name="Self">A person's own citizen id; null for everyone else.</param>
public sealed record Caller(string Subject, CallerKind Kind, RegionCode Region, CitizenId? Self = null)
{
    /// <summary>How the caller is named in the audit trail and in grain requests, e.g. <c>city:440300/cs-440300-ab12cd34</c>.</summary>
    public string Actor => Kind == CallerKind.CitySystem ? $"city:{Region.Value}/{Subject}" : $"{KindName}:{Subject}";

    /// <summary>The kind as written in the audit trail: city-system, clerk, supervisor.</summary>
    public string KindName => Kind switch
    {
        CallerKind.CitySystem => "city-system",
        CallerKind.Supervisor => "supervisor",
        CallerKind.Person => "person",
        _ => "clerk",
    };

    public bool IsStaff => Kind is CallerKind.Clerk or CallerKind.Supervisor;

    /// <summary>The requester recorded by grains with every change they make for this call.</summary>
    public Requester Requester(string? requestId) => new(Actor, requestId);

    /// <summary>The caller of an authenticated principal; null when the token lacks our claims.</summary>
    public static Caller? From(ClaimsPrincipal user)
    {
        var subject = user.FindFirst(CallerClaims.Subject)?.Value;
        var kind = user.FindFirst(CallerClaims.Kind)?.Value;
        if (string.IsNullOrEmpty(subject) || !RegionCode.TryParse(user.FindFirst(CallerClaims.Region)?.Value, out var region))
        {
            return null;
        }

        return kind switch
        {
            CallerClaims.CitySystemKind => new Caller(subject, CallerKind.CitySystem, region),
            CallerClaims.ClerkKind when user.HasClaim(CallerClaims.Role, CallerClaims.SupervisorRole) => new Caller(subject, CallerKind.Supervisor, region),
            CallerClaims.ClerkKind when user.HasClaim(CallerClaims.Role, CallerClaims.ClerkRole) => new Caller(subject, CallerKind.Clerk, region),
            CallerClaims.PersonKind when CitizenId.TryParse(user.FindFirst(CallerClaims.CitizenId)?.Value, out var self) => new Caller(subject, CallerKind.Person, region, self),
            _ => null,
        };
    }

    /// <summary>Binds the parameter in endpoints; every /api/v1 route except the token route requires authentication first.</summary>
    public static ValueTask<Caller?> BindAsync(HttpContext context, ParameterInfo parameter) =>
        ValueTask.FromResult(From(context.User));
}
