using JinBao.Api.Errors;
using JinBao.Persons;
using JinBao.Primitives;
using JinBao.Transfers;

using Microsoft.AspNetCore.Http.HttpResults;

namespace JinBao.Api.Auth;

/// <summary>Endpoint metadata: which kinds of caller a route admits at all (scope is checked by the handler).</summary>
public sealed record AllowedCallers(IReadOnlyList<CallerKind> Kinds)
{
    public string Describe() => string.Join(", ", Kinds.Select(k => k switch
    {
        CallerKind.CitySystem => "city systems",
        CallerKind.Clerk => "clerks",
        CallerKind.Person => "insured persons (their own data)",
        _ => "supervisors",
    }));
}

/// <summary>
/// The caller rules, each defined once and named for whom it admits; every route names one. They are enforced by
/// <see cref="AccessFilter"/> after the audit filter rather than by ASP.NET's authorization middleware, so that a
/// refused attempt is recorded in the audit trail like any other.
/// </summary>
public static class CallerPolicies
{
    /// <summary>City systems, clerks and supervisors: the agencies, for persons and cases in their scope.</summary>
    public static readonly AllowedCallers Agencies = new([CallerKind.CitySystem, CallerKind.Clerk, CallerKind.Supervisor]);

    /// <summary>The agencies, and the insured person for their own data (the portal).</summary>
    public static readonly AllowedCallers AgenciesAndThePerson = new([CallerKind.CitySystem, CallerKind.Clerk, CallerKind.Supervisor, CallerKind.Person]);

    /// <summary>City systems and supervisors: decisions a clerk does not take alone (retirement, death, payment runs, statements).</summary>
    public static readonly AllowedCallers CitySystemsAndSupervisors = new([CallerKind.CitySystem, CallerKind.Supervisor]);

    /// <summary>City systems, supervisors and the person for their own data.</summary>
    public static readonly AllowedCallers CitySystemsSupervisorsAndThePerson = new([CallerKind.CitySystem, CallerKind.Supervisor, CallerKind.Person]);

    /// <summary>City systems only: hospital settlements and a city's own registers (stopping contributions).</summary>
    public static readonly AllowedCallers CitySystems = new([CallerKind.CitySystem]);

    /// <summary>Clerks and supervisors: the people at an agency.</summary>
    public static readonly AllowedCallers Staff = new([CallerKind.Clerk, CallerKind.Supervisor]);

    /// <summary>Supervisors only: an agency's accounts, policies and case handling.</summary>
    public static readonly AllowedCallers Supervisors = new([CallerKind.Supervisor]);
}

public static class Access
{
    /// <summary>Admits only the callers of <paramref name="policy"/>; anyone else gets 403 (<c>caller-kind-forbidden</c>).</summary>
    public static RouteHandlerBuilder AllowCallers(this RouteHandlerBuilder builder, AllowedCallers policy) =>
        builder.WithMetadata(policy).ProducesProblem(StatusCodes.Status403Forbidden);

    /// <summary>
    /// A person is in a caller's scope when the caller's region insures them now or holds (or held) one of their
    /// relationships: that covers both places of every transfer, because a transfer leaves the old segment in the record.
    /// A person signed in to the portal sees their own record and nobody else's.
    /// </summary>
    public static bool CanSee(this Caller caller, PersonRecord record) => caller.Self is { } self
        ? record.CitizenId == self
        : record.InsuringCity == caller.Region || record.Segments.Any(segment => segment.City == caller.Region);

    /// <summary>
    /// Null when <paramref name="city"/> is the caller's own agency; else the 403 that says so, naming what the route
    /// concerns (e.g. "cases", "staff"): an agency's queue, accounts and policy are its own.
    /// </summary>
    public static ProblemHttpResult? RefuseOtherAgency(this Caller caller, string city, string what) =>
        RegionCode.TryParse(city, out var agency) && agency == caller.Region
            ? null
            : Problems.Forbidden("region-forbidden", $"You act for {caller.Region.Value}; the {what} of agency {city} are not yours.");

    /// <summary>A transfer is in a caller's scope when the caller's region is its old or its new place; a person sees their own.</summary>
    public static bool CanSee(this Caller caller, TransferView transfer) => caller.Self is { } self
        ? transfer.CitizenId == self
        : transfer.FromCity == caller.Region || transfer.ToCity == caller.Region;

    /// <summary>
    /// The city a change for <paramref name="record"/> is made by: the caller's own, or, for a person acting for
    /// themselves, the city insuring them now (where they apply, as they would at its counter).
    /// </summary>
    public static RegionCode PlaceFor(this Caller caller, PersonRecord record) => caller.Kind == CallerKind.Person ? record.InsuringCity : caller.Region;
}

/// <summary>Enforces <see cref="AllowedCallers"/> before anything else of the endpoint runs.</summary>
internal sealed class AccessFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var allowed = context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<AllowedCallers>();
        var caller = Caller.From(context.HttpContext.User);
        if (caller is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized); // a token without our claims
        }

        if (allowed is not null && !allowed.Kinds.Contains(caller.Kind))
        {
            return Problems.Forbidden("caller-kind-forbidden", $"This route is for {allowed.Describe()}; you are a {caller.KindName}.");
        }

        return await next(context);
    }
}
