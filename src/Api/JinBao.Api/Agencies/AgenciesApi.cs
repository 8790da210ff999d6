using JinBao.Api.Auth;
using JinBao.Api.Errors;
using JinBao.Api.Hosting;
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
    bool Escalated);

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
            .AllowCallers(CallerKind.CitySystem, CallerKind.Clerk, CallerKind.Supervisor)
            .WithStandardProblems();

        api.MapGet("/agencies/{city}/history", GetHistoryAsync)
            .WithTags("Agencies")
            .WithName("GetAgencyHistory")
            .WithSummary("The closed transfer cases of a city agency (completed, rejected, cancelled), latest first")
            .WithDescription("Clerks and supervisors of that agency, and its city system; other regions get 403. limit: 1–1000, default 200.")
            .AllowCallers(CallerKind.CitySystem, CallerKind.Clerk, CallerKind.Supervisor)
            .WithStandardProblems();
        return api;
    }

    public static async Task<Results<Ok<IReadOnlyList<ClosedAgencyCaseResponse>>, ProblemHttpResult>> GetHistoryAsync(
        string city, Caller caller, IClusterClient cluster, int? limit)
    {
        var agency = RegionCode.Parse(city);
        if (agency != caller.Region)
        {
            return Problems.Forbidden("region-forbidden", $"You act for {caller.Region.Value}; the cases of agency {agency.Value} are not yours to see.");
        }

        var history = await cluster.GetAgencyGrain(agency).GetHistoryAsync(limit ?? 200);
        return TypedResults.Ok<IReadOnlyList<ClosedAgencyCaseResponse>>(history
            .Select(h => new ClosedAgencyCaseResponse(h.Case.TransferId.Value, h.Case.MaskedCitizenId, h.Case.Side, h.Case.Status, h.ClosedAt))
            .ToList());
    }

    public static async Task<Results<Ok<IReadOnlyList<AgencyCaseResponse>>, ProblemHttpResult>> GetCasesAsync(
        string city, Caller caller, IClusterClient cluster)
    {
        var agency = RegionCode.Parse(city);
        if (agency != caller.Region)
        {
            return Problems.Forbidden("region-forbidden", $"You act for {caller.Region.Value}; the cases of agency {agency.Value} are not yours to see.");
        }

        var queue = await cluster.GetAgencyGrain(agency).GetQueueAsync();
        return TypedResults.Ok<IReadOnlyList<AgencyCaseResponse>>(queue
            .Select(c => new AgencyCaseResponse(c.TransferId.Value, c.MaskedCitizenId, c.Side, c.Status, c.AwaitingThisCity, c.DueOn, c.Escalated))
            .ToList());
    }
}
