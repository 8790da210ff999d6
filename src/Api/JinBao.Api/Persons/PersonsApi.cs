using JinBao.Api.Audit;
using JinBao.Api.Auth;
using JinBao.Api.Errors;
using JinBao.Api.Hosting;
using JinBao.Api.Idempotency;
using JinBao.Persons;
using JinBao.Primitives;

using Microsoft.AspNetCore.Http.HttpResults;

namespace JinBao.Api.Persons;

/// <summary>Enrolment, the person's record and monthly contribution declarations.</summary>
public static class PersonsApi
{
    public static RouteGroupBuilder MapPersonsApi(this RouteGroupBuilder api)
    {
        var persons = api.MapGroup("/persons").WithTags("Persons");

        persons.MapPost("/", EnrolAsync)
            .WithName("EnrolPerson")
            .WithSummary("Enrol a person in the calling city (参保登记)")
            .WithDescription("City systems, and clerks at the agency's counter (窗口经办), in their own city. Enrolling someone insured elsewhere records that they now work here (their old relationship goes dormant, ready for a transfer). Repeating an enrolment changes nothing, except that a name it gives becomes the recorded name.")
            .AllowCallers(CallerPolicies.Agencies)
            .WithPostProblems();

        persons.MapGet("/{citizenId}", GetRecordAsync)
            .WithName("GetPersonRecord")
            .WithSummary("Read a person's record across every region (audited)")
            .WithDescription("City systems and clerks of a city that insures the person now or holds (or held) one of their relationships, and the person themselves (portal); anyone else gets 404. Every read is audited; state why in the JinBao-Purpose header.")
            .AllowCallers(CallerPolicies.AgenciesAndThePerson)
            .WithStandardProblems();

        persons.MapGet("/{citizenId}/access-log", GetAccessLogAsync)
            .WithName("GetPersonAccessLog")
            .WithSummary("Who read or changed this person's data: caller, role, region, stated purpose, when (PIPL's right to know)")
            .WithDescription("The same callers as the record. Latest first; limit 1–1000, default 200. This read is itself audited.")
            .AllowCallers(CallerPolicies.AgenciesAndThePerson)
            .WithStandardProblems();

        persons.MapPost("/{citizenId}/contributions", DeclareContributionAsync)
            .WithName("DeclareContribution")
            .WithSummary("Declare a monthly pension contribution (缴费申报)")
            .WithDescription("City systems and clerks (at the counter) of the person's current insuring city. The base is clamped to 60%–300% of the province's average wage; 8% goes to the individual account, 16% to the pooled fund. Amounts in fen.")
            .AllowCallers(CallerPolicies.Agencies)
            .WithPostProblems();

        persons.MapPost("/{citizenId}/stop-contributing", StopContributingAsync)
            .WithName("StopContributing")
            .WithSummary("Report that the person left work here (停保/减员)")
            .WithDescription("City systems of the person's current insuring city. The relationship stays here, dormant, ready for a transfer; across provinces this releases the person's active claim in the national index so another province can enrol them; it answers 200 only once the national index has heard of it (503 national-index-not-informed while the exchange does not answer: the stop is recorded, repeat the request). Repeating it changes nothing.")
            .AllowCallers(CallerPolicies.CitySystems)
            .WithPostProblems();

        return api;
    }

    public static async Task<Results<Ok<PersonRecordResponse>, ProblemHttpResult>> StopContributingAsync(
        string citizenId, StopContributingRequest request, Caller caller, IdempotencyKey key, IClusterClient cluster, HttpContext http)
    {
        var id = CitizenId.Parse(citizenId);
        if (await cluster.InsuringCityOnlyAsync(caller, id, http, "A departure is reported") is { } refused)
        {
            return refused;
        }

        var stopped = await cluster.GetPersonGrain(id).StopContributingAsync(new StopContributing(caller.Region, request.StoppedOn!.Value, caller.Requester(key.Text)));
        if (!stopped.NationalIndexInformed)
        {
            // Not a 2xx, so the idempotency record keeps nothing and the same request can be repeated until it is.
            http.Response.Headers.RetryAfter = "5";
            return Problems.Create(StatusCodes.Status503ServiceUnavailable, "national-index-not-informed", "The national index has not heard yet",
                "The stop is recorded here, but the national person index has not heard of it yet (the national exchange does not answer), so another province cannot enrol the person. Repeat this request, with the same Idempotency-Key: it answers 200 once the index knows.");
        }

        return TypedResults.Ok(stopped.Record.ToResponse());
    }

    public static async Task<Results<Created<PersonRecordResponse>, ProblemHttpResult>> EnrolAsync(
        EnrolPersonRequest request, Caller caller, IdempotencyKey key, IClusterClient cluster, HttpContext http)
    {
        var id = CitizenId.Parse(request.CitizenId!);
        http.AuditSubject().CitizenId = id;
        if (request.InsuringCity is { } city && city != caller.Region.Value)
        {
            return Problems.Forbidden("region-forbidden", $"People are enrolled only in the caller's own city ({caller.Region.Value}).");
        }

        var record = await cluster.GetPersonGrain(id).EnrolAsync(new EnrolPerson(
            RegionCode.Parse(request.HukouRegion!), caller.Region, request.EnrolledOn!.Value, caller.Requester(key.Text), request.Name));
        return TypedResults.Created($"/api/v1/persons/{id.Value}", record.ToResponse());
    }

    public static async Task<Results<Ok<PersonRecordResponse>, ProblemHttpResult>> GetRecordAsync(
        string citizenId, Caller caller, IClusterClient cluster, HttpContext http)
    {
        var record = await cluster.LoadVisibleAsync(caller, CitizenId.Parse(citizenId), http);
        return record is null ? Problems.PersonNotFound() : TypedResults.Ok(record.ToResponse());
    }

    public static async Task<Results<Ok<IReadOnlyList<PersonAccessEntry>>, ProblemHttpResult>> GetAccessLogAsync(
        string citizenId, Caller caller, IClusterClient cluster, AuditLog audit, HttpContext http, int? limit)
    {
        var id = CitizenId.Parse(citizenId);
        var record = await cluster.LoadVisibleAsync(caller, id, http);
        return record is null ? Problems.PersonNotFound() : TypedResults.Ok(await audit.ReadForPersonAsync(id.Value, limit ?? 200, http.RequestAborted));
    }

    public static async Task<Results<Created<ContributionDeclaredResponse>, ProblemHttpResult>> DeclareContributionAsync(
        string citizenId, DeclareContributionRequest request, Caller caller, IdempotencyKey key, IClusterClient cluster, HttpContext http)
    {
        var id = CitizenId.Parse(citizenId);
        if (await cluster.InsuringCityOnlyAsync(caller, id, http, "Contributions are declared") is { } refused)
        {
            return refused;
        }

        var month = YearMonth.Parse(request.Month!);
        var updated = await cluster.GetPersonGrain(id).DeclareContributionAsync(new DeclareContribution(
            new DeclarationId(key.DeclarationIdFor(caller)), month, new Money(request.DeclaredBaseFen!.Value), caller.Requester(key.Text)));
        return TypedResults.Created((string?)null, updated.ToDeclared(month));
    }
}
