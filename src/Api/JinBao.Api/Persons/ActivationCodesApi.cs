using JinBao.Api.Audit;
using JinBao.Api.Auth;
using JinBao.Api.Errors;
using JinBao.Api.Hosting;
using JinBao.Api.Idempotency;
using JinBao.Primitives;

using Microsoft.AspNetCore.Http.HttpResults;

namespace JinBao.Api.Persons;

/// <summary>A person's one-time activation code for the portal, shown once to the clerk who reads it out or prints it.</summary>
/// <param name="Code">The code the person types in the portal (<c>/portal/activate</c>) with their citizen id and a new password.</param>
/// <param name="ExpiresAt">The code works until then, once; a new code replaces it (also how a forgotten password is reset).</param>
public sealed record ActivationCodeResponse(string Code, DateTimeOffset ExpiresAt);

/// <summary>
/// The counter's side of the portal's sign-in: a clerk issues the person a one-time code, which stands in for the
/// national electronic social-security card (电子社保卡). The route keeps no idempotency record, because its response
/// holds the code; repeating it issues a new code, which replaces the first.
/// </summary>
public static class ActivationCodesApi
{
    public static RouteGroupBuilder MapActivationCodesApi(this RouteGroupBuilder api)
    {
        api.MapPost("/persons/{citizenId}/activation-code", IssueAsync)
            .WithTags("Persons")
            .WithMetadata(NoIdempotencyRecord.Instance)
            .WithName("IssuePortalActivationCode")
            .WithSummary("Issue the person a one-time code to activate (or reset) their portal sign-in; the code is in the response only")
            .WithDescription("Clerks and supervisors of a city that insures or insured the person, at the counter after checking the person's identity card. No Idempotency-Key is needed (or stored): a repeat issues a new code, which replaces the earlier one.")
            .AllowCallers(CallerPolicies.Staff)
            .WithPostProblems();
        return api;
    }

    public static async Task<Results<Created<ActivationCodeResponse>, ProblemHttpResult>> IssueAsync(
        string citizenId, Caller caller, IClusterClient cluster, CitizenCredentials credentials, HttpContext http)
    {
        var id = CitizenId.Parse(citizenId);
        if (await cluster.LoadVisibleAsync(caller, id, http) is null)
        {
            return Problems.PersonNotFound();
        }

        var (code, expiresAt) = await credentials.IssueCodeAsync(id, caller.Actor, http.RequestAborted);
        return TypedResults.Created((string?)null, new ActivationCodeResponse(code, expiresAt));
    }
}
