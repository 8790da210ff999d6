using System.ComponentModel.DataAnnotations;

using JinBao.Agencies;
using JinBao.Api.Audit;
using JinBao.Api.Auth;
using JinBao.Api.Database;
using JinBao.Api.Errors;
using JinBao.Api.Hosting;
using JinBao.Api.Idempotency;
using JinBao.Api.Validation;
using JinBao.Primitives;
using JinBao.Transfers;

using Microsoft.AspNetCore.Http.HttpResults;

namespace JinBao.Api.Agencies;

/// <summary>One case in an agency's queue; the person is masked because the queue is shown to every clerk.</summary>
public sealed record AgencyCaseResponse(
    Guid TransferId,
    string MaskedCitizenId,
    TransferSide Side,
    TransferStatus Status,
    bool AwaitingThisCity,
    DateOnly? DueOn,
    bool Escalated,
    string? AssignedTo,
    bool EscalationAcknowledged);

/// <summary>A person of an agency's directory found by name: in the agency's scope, since they were enrolled there.</summary>
public sealed record AgencyPersonResponse(string CitizenId, string Name, DateOnly EnrolledOn);

/// <summary>An agency's auto-approval policy to set.</summary>
/// <param name="ApproveCompleteApplications">As the new place: approve complete applications and send the contact letter at once.</param>
/// <param name="ReleaseAtOnce">As the old place: release at once, without a clerk's check.</param>
public sealed record SetTransferPolicyRequest([property: Required] bool? ApproveCompleteApplications, [property: Required] bool? ReleaseAtOnce) : IApiRequest;

/// <summary>A closed case of an agency's history.</summary>
public sealed record ClosedAgencyCaseResponse(Guid TransferId, string MaskedCitizenId, TransferSide Side, TransferStatus Status, DateTimeOffset ClosedAt);

/// <summary>The clerks' work queue of a city agency.</summary>
public static class AgenciesApi
{
    public static RouteGroupBuilder MapAgenciesApi(this RouteGroupBuilder api)
    {
        api.MapGet("/agencies/{city}/cases", GetCasesAsync)
            .WithTags("Agencies")
            .WithName("GetAgencyCases")
            .WithSummary("The open transfer cases of a city agency, overdue first, then by deadline")
            .WithDescription("Clerks and supervisors of that agency, and its city system; other regions get 403.")
            .AllowCallers(CallerPolicies.Agencies)
            .WithStandardProblems();

        api.MapGet("/agencies/{city}/history", GetHistoryAsync)
            .WithTags("Agencies")
            .WithName("GetAgencyHistory")
            .WithSummary("The closed transfer cases of a city agency (completed, rejected, cancelled), latest first")
            .WithDescription("Clerks and supervisors of that agency, and its city system; other regions get 403. limit: 1–1000, default 200.")
            .AllowCallers(CallerPolicies.Agencies)
            .WithStandardProblems();

        api.MapGet("/agencies/{city}/transfer-policy", GetPolicyAsync)
            .WithTags("Agencies")
            .WithName("GetTransferPolicy")
            .WithSummary("Which transfer decisions the agency takes by policy, at once, instead of by a clerk")
            .WithDescription("Clerks and supervisors of that agency, and its city system; other regions get 403. setByAgency is false while the configured default applies (data/transfer-policies.csv).")
            .AllowCallers(CallerPolicies.Agencies)
            .WithStandardProblems();

        api.MapPost("/agencies/{city}/transfer-policy", SetPolicyAsync)
            .WithTags("Agencies")
            .WithName("SetTransferPolicy")
            .WithSummary("Set the agency's auto-approval policy (supervisors of the agency)")
            .WithDescription("Steps reached from now on follow it, on every silo of the cluster within JinBao:Transfers:PolicyRefreshPeriod (30 s); cases already waiting follow it at their next deadline check. releaseAtOnce only where arrears are checked before a person leaves.")
            .AllowCallers(CallerPolicies.Supervisors)
            .WithPostProblems();

        api.MapGet("/agencies/{city}/persons", FindPersonsAsync)
            .WithTags("Agencies")
            .WithName("FindAgencyPersons")
            .WithSummary("Find the agency's insured persons by the start of their name (audited per person found)")
            .WithDescription("Clerks and supervisors of that agency, and its city system; other regions get 403. name: 1–40 characters, the start of the name (王 finds 王军 and 王芳); at most 50 persons, by name. Each person found is an audited read (state why in JinBao-Purpose). Persons enrolled before names were recorded are not found until enrolled again with a name.")
            .AllowCallers(CallerPolicies.Agencies)
            .WithStandardProblems();
        return api;
    }

    public static async Task<Results<Ok<AgencyTransferPolicy>, ProblemHttpResult>> GetPolicyAsync(string city, Caller caller, IClusterClient cluster)
    {
        return caller.RefuseOtherAgency(city, "transfer policy settings") is { } refused
            ? refused
            : TypedResults.Ok(await cluster.GetAgencyGrain(caller.Region).GetTransferPolicyAsync());
    }

    public static async Task<Results<Ok<AgencyTransferPolicy>, ProblemHttpResult>> SetPolicyAsync(
        string city, SetTransferPolicyRequest request, Caller caller, IdempotencyKey key, IClusterClient cluster)
    {
        return caller.RefuseOtherAgency(city, "transfer policy settings") is { } refused
            ? refused
            : TypedResults.Ok(await cluster.GetAgencyGrain(caller.Region).SetTransferPolicyAsync(
                request.ApproveCompleteApplications!.Value, request.ReleaseAtOnce!.Value, caller.Requester(key.Text)));
    }

    /// <summary>The most persons one name search answers: a counter search, not an export.</summary>
    public const int MaxPersonsFound = 50;

    public static async Task<Results<Ok<IReadOnlyList<AgencyPersonResponse>>, ValidationProblem, ProblemHttpResult>> FindPersonsAsync(
        string city, string? name, Caller caller, ApiDatabase database, AuditLog audit, HttpContext http)
    {
        if (caller.RefuseOtherAgency(city, "persons") is { } refused)
        {
            return refused;
        }

        var agency = caller.Region;
        var start = name?.Trim() ?? "";
        if (start.Length is 0 or > PersonName.MaxLength)
        {
            return Problems.Validation("name", $"name-search: the start of a name, 1–{PersonName.MaxLength} characters.");
        }

        await using var command = database.DataSource.CreateCommand($"""
            SELECT citizen_id, name, enrolled_on FROM jinbao_person_directory
            WHERE city = @city AND name LIKE @start ESCAPE '\' ORDER BY name, citizen_id LIMIT {MaxPersonsFound}
            """);
        command.Parameters.AddWithValue("city", agency.Value);
        command.Parameters.AddWithValue("start", start.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal) + "%");
        var found = new List<AgencyPersonResponse>();
        await using (var reader = await command.ExecuteReaderAsync(http.RequestAborted))
        {
            while (await reader.ReadAsync(http.RequestAborted))
            {
                found.Add(new AgencyPersonResponse(reader.GetString(0), reader.GetString(1), reader.GetFieldValue<DateOnly>(2)));
            }
        }

        // A name search shows who these people are: each one found is a read of that person, audited like a record read.
        foreach (var person in found)
        {
            await audit.WriteAsync(new AuditEntry(caller, AuditFilter.PurposeOr(http, "FindAgencyPersons"), person.CitizenId, null, http.Request.Method,
                "/api/v1/agencies/{city}/persons", StatusCodes.Status200OK, null, false, System.Diagnostics.Activity.Current?.TraceId.ToString() ?? http.TraceIdentifier),
                CancellationToken.None);
        }

        return TypedResults.Ok<IReadOnlyList<AgencyPersonResponse>>(found);
    }

    public static async Task<Results<Ok<IReadOnlyList<ClosedAgencyCaseResponse>>, ProblemHttpResult>> GetHistoryAsync(
        string city, Caller caller, IClusterClient cluster, int? limit)
    {
        if (caller.RefuseOtherAgency(city, "cases") is { } refused)
        {
            return refused;
        }

        var agency = caller.Region;
        var history = await cluster.GetAgencyGrain(agency).GetHistoryAsync(limit ?? 200);
        return TypedResults.Ok<IReadOnlyList<ClosedAgencyCaseResponse>>(history
            .Select(h => new ClosedAgencyCaseResponse(h.Case.TransferId.Value, h.Case.MaskedCitizenId, h.Case.Side, h.Case.Status, h.ClosedAt))
            .ToList());
    }

    public static async Task<Results<Ok<IReadOnlyList<AgencyCaseResponse>>, ProblemHttpResult>> GetCasesAsync(
        string city, Caller caller, IClusterClient cluster, ApiDatabase database, HttpContext http)
    {
        if (caller.RefuseOtherAgency(city, "cases") is { } refused)
        {
            return refused;
        }

        var agency = caller.Region;
        var queue = await cluster.GetAgencyGrain(agency).GetQueueAsync();
        var handling = await CaseHandlingApi.ReadAsync(database, agency, queue.Select(c => c.TransferId.Value).ToArray(), http.RequestAborted);
        return TypedResults.Ok<IReadOnlyList<AgencyCaseResponse>>(queue
            .Select(c =>
            {
                var handled = handling.GetValueOrDefault(c.TransferId.Value);
                return new AgencyCaseResponse(c.TransferId.Value, c.MaskedCitizenId, c.Side, c.Status, c.AwaitingThisCity, c.DueOn, c.Escalated,
                    handled?.AssignedTo, c.Escalated && handled?.Acknowledges(c.Status, c.DueOn) == true);
            })
            .ToList());
    }
}
