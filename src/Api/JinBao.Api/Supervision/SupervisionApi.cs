using System.ComponentModel.DataAnnotations;

using JinBao.Api.Auth;
using JinBao.Api.Errors;
using JinBao.Api.Hosting;
using JinBao.Api.Idempotency;
using JinBao.Api.Validation;
using JinBao.Primitives;
using JinBao.Supervision;

using Microsoft.AspNetCore.Http.HttpResults;

namespace JinBao.Api.Supervision;

/// <summary>What a supervisor found and did about an alert.</summary>
public sealed record ResolveAlertRequest([property: Required, StringLength(AlertLifecycle.MaxNoteLength, MinimumLength = 1)] string? Note) : IApiRequest;

/// <summary>
/// Fund supervision and macro decision (docs/supervision.md): the province's live roll-ups, and the alerts the
/// supervision rules raise for an agency, with their life (open → acknowledged → resolved). Supervisors only.
/// </summary>
public static class SupervisionApi
{
    private const int MaxAlerts = 500;

    public static RouteGroupBuilder MapSupervisionApi(this RouteGroupBuilder api)
    {
        api.MapGet("/statistics/{province}", GetStatisticsAsync)
            .WithTags("Supervision")
            .WithName("GetStatistics")
            .WithSummary("The province's live roll-ups (supervisors of the province)")
            .WithDescription("Counted from the business-event stream as events commit; `position` says how far into the event log. Figures break down by city. `fundBalances` are the ledger's accounts as the ledger holds them now.")
            .AllowCallers(CallerPolicies.Supervisors)
            .WithStandardProblems();

        api.MapGet("/statistics/national", GetNationalStatisticsAsync)
            .WithTags("Supervision")
            .WithName("GetNationalStatistics")
            .WithSummary("The national roll-up: every province's latest figures (supervisors)")
            .WithDescription("From the signed statistics summaries each province sends national (at most every quarter of an hour); national answers through the exchange. 404 national-roll-up-not-served on a standalone cluster; 503 when national does not answer.")
            .AllowCallers(CallerPolicies.Supervisors)
            .WithStandardProblems();

        var alerts = api.MapGroup("/agencies/{city}/alerts").WithTags("Supervision");
        alerts.MapGet("/", ListAlertsAsync)
            .WithName("ListAlerts")
            .WithSummary("The agency's alerts and its province's own, newest first (supervisors of the agency)")
            .WithDescription($"`status` is open, acknowledged or resolved (all when absent); `limit` 1–{MaxAlerts}, 100 by default.")
            .AllowCallers(CallerPolicies.Supervisors)
            .WithStandardProblems();
        alerts.MapPost("/{alertId}/acknowledgement", AcknowledgeAsync)
            .WithName("AcknowledgeAlert")
            .WithSummary("Take an open alert up (supervisors of the agency)")
            .WithDescription("409 alert-not-open when it was acknowledged or resolved already. Audited.")
            .AllowCallers(CallerPolicies.Supervisors)
            .WithPostProblems();
        alerts.MapPost("/{alertId}/resolution", ResolveAsync)
            .WithName("ResolveAlert")
            .WithSummary("Close an alert with a note saying what was found and done (supervisors of the agency)")
            .WithDescription("An open or acknowledged alert; 409 alert-resolved when resolved already. Audited.")
            .AllowCallers(CallerPolicies.Supervisors)
            .WithPostProblems();
        return api;
    }

    public static async Task<Results<Ok<StatisticsView>, ProblemHttpResult>> GetStatisticsAsync(string province, Caller caller, IClusterClient cluster)
    {
        if (!RegionCode.TryParse(province, out var code) || code.Level != RegionLevel.Province || caller.Region.Province != code)
        {
            return Problems.Forbidden("region-forbidden", $"You act for {caller.Region.Value}; the statistics of {province} are not yours.");
        }

        var supervision = cluster.GetGrain<ISupervisionGrain>(SupervisionGrains.Key);
        var (statistics, balances) = (supervision.GetStatisticsAsync(), supervision.GetFundBalancesAsync());
        return TypedResults.Ok((await statistics) with { FundBalances = await balances });
    }

    public static async Task<Ok<NationalStatisticsView>> GetNationalStatisticsAsync(IClusterClient cluster) =>
        TypedResults.Ok(await cluster.GetGrain<ISupervisionGrain>(SupervisionGrains.Key).GetNationalAsync());

    public static async Task<Results<Ok<IReadOnlyList<AlertView>>, ProblemHttpResult>> ListAlertsAsync(
        string city, string? status, int? limit, Caller caller, IClusterClient cluster)
    {
        if (caller.RefuseOtherAgency(city, "alerts") is { } refused)
        {
            return refused;
        }

        AlertStatus? wanted = null;
        if (status is not null)
        {
            if (!Enum.TryParse<AlertStatus>(status, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || int.TryParse(status, out _))
            {
                return Problems.Create(StatusCodes.Status400BadRequest, "alert-status-unknown", "Unknown alert status",
                    $"'{status}' is not an alert status: open, acknowledged or resolved.");
            }

            wanted = parsed;
        }

        // The request filter has checked the limit's range already (limit-range).
        return TypedResults.Ok(await cluster.GetGrain<ISupervisionGrain>(SupervisionGrains.Key).GetAlertsAsync(caller.Region, wanted, Math.Min(limit ?? 100, MaxAlerts)));
    }

    public static async Task<Results<Ok<AlertView>, ProblemHttpResult>> AcknowledgeAsync(
        string city, string alertId, Caller caller, IdempotencyKey key, IClusterClient cluster)
    {
        if (caller.RefuseOtherAgency(city, "alerts") is { } refused)
        {
            return refused;
        }

        return TypedResults.Ok(await cluster.GetGrain<ISupervisionGrain>(SupervisionGrains.Key).AcknowledgeAsync(alertId, caller.Region, caller.Requester(key.Text)));
    }

    public static async Task<Results<Ok<AlertView>, ProblemHttpResult>> ResolveAsync(
        string city, string alertId, ResolveAlertRequest request, Caller caller, IdempotencyKey key, IClusterClient cluster)
    {
        if (caller.RefuseOtherAgency(city, "alerts") is { } refused)
        {
            return refused;
        }

        return TypedResults.Ok(await cluster.GetGrain<ISupervisionGrain>(SupervisionGrains.Key).ResolveAsync(alertId, request.Note!, caller.Region, caller.Requester(key.Text)));
    }
}
