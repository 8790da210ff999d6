using JinBao.Api.Auth;
using JinBao.Api.Errors;
using JinBao.Api.Hosting;
using JinBao.Api.Idempotency;
using JinBao.Api.Persons;
using JinBao.Persons;
using JinBao.Primitives;

using Microsoft.AspNetCore.Http.HttpResults;

namespace JinBao.Api.Retirement;

/// <summary>The drawing-place decision and retirement.</summary>
public static class RetirementApi
{
    public static RouteGroupBuilder MapRetirementApi(this RouteGroupBuilder api)
    {
        var persons = api.MapGroup("/persons").WithTags("Retirement");

        persons.MapGet("/{citizenId}/drawing-place", GetDrawingPlaceAsync)
            .WithName("GetDrawingPlace")
            .WithSummary("Where the person would draw a pension if they retired now (spec §3.6)")
            .WithDescription("Changes nothing. Same scope as the person's record: city systems and clerks of a city that insures or insured the person.")
            .AllowCallers(CallerPolicies.AgenciesAndThePerson)
            .WithStandardProblems();

        persons.MapGet("/{citizenId}/pension-estimate", EstimatePensionAsync)
            .WithName("EstimatePension")
            .WithSummary("An estimate of the monthly pension at the statutory age, with its inputs (spec §2.2)")
            .WithDescription("Changes nothing. Same scope as the person's record, the person included. In today's money: today's computation base, the months recorded today and no further month; a woman's statutory age is the worker's (a cadre's is later).")
            .AllowCallers(CallerPolicies.AgenciesAndThePerson)
            .WithStandardProblems();

        persons.MapPost("/{citizenId}/retirement", RetireAsync)
            .WithName("RetirePerson")
            .WithSummary("Retire the person: drawing place, consolidation of every account there, pension fixed (办理退休)")
            .WithDescription("The city system or a supervisor of the person's current insuring city; clerks may not (403). Refused with 409 below statutory age or minimum contribution months. Once retired, repeating returns the same entitlement.")
            .AllowCallers(CallerPolicies.CitySystemsAndSupervisors)
            .WithPostProblems();

        return api;
    }

    public static async Task<Results<Ok<DrawingPlaceResponse>, ProblemHttpResult>> GetDrawingPlaceAsync(
        string citizenId, Caller caller, IClusterClient cluster, HttpContext http)
    {
        var id = CitizenId.Parse(citizenId);
        if (await cluster.LoadVisibleAsync(caller, id, http) is null)
        {
            return Problems.PersonNotFound();
        }

        return TypedResults.Ok((await cluster.GetPersonGrain(id).GetDrawingPlaceAsync()).ToResponse());
    }

    public static async Task<Results<Ok<PensionEstimateResponse>, ProblemHttpResult>> EstimatePensionAsync(
        string citizenId, Caller caller, IClusterClient cluster, HttpContext http)
    {
        var id = CitizenId.Parse(citizenId);
        if (await cluster.LoadVisibleAsync(caller, id, http) is null)
        {
            return Problems.PersonNotFound();
        }

        return TypedResults.Ok((await cluster.GetPersonGrain(id).EstimatePensionAsync()).ToResponse());
    }

    public static async Task<Results<Created<EntitlementResponse>, ProblemHttpResult>> RetireAsync(
        string citizenId, RetirePersonRequest request, Caller caller, IdempotencyKey key, IClusterClient cluster, HttpContext http)
    {
        var id = CitizenId.Parse(citizenId);
        var record = await cluster.LoadVisibleAsync(caller, id, http);
        if (record is null)
        {
            return Problems.PersonNotFound();
        }

        if (!caller.IsInsuringCity(record))
        {
            return Problems.Forbidden("not-insuring-city",
                $"Retirement is handled by the city insuring the person now ({record.InsuringCity.Value}), not by {caller.Region.Value}.");
        }

        var entitlement = await cluster.GetPersonGrain(id).RetireAsync(
            new RetirePerson(request.RetiredOn!.Value, request.FemaleCadre, caller.Requester(key.Text), request.PayeeBank, request.PayeeAccount,
                request.ResidenceRegion is null ? null : RegionCode.Parse(request.ResidenceRegion)));
        return TypedResults.Created($"/api/v1/persons/{id.Value}", entitlement.ToResponse());
    }
}
