using JinBao.Api.Audit;
using JinBao.Api.Auth;
using JinBao.Api.Errors;
using JinBao.Api.Hosting;
using JinBao.Api.Idempotency;
using JinBao.Api.Persons;
using JinBao.Errors;
using JinBao.Primitives;
using JinBao.Transfers;

using Microsoft.AspNetCore.Http.HttpResults;

namespace JinBao.Api.Transfers;

/// <summary>Pension relationship transfers (养老保险关系转移接续): apply, follow, decide.</summary>
public static class TransfersApi
{
    public static RouteGroupBuilder MapTransfersApi(this RouteGroupBuilder api)
    {
        var transfers = api.MapGroup("/pension-transfers").WithTags("Pension transfers");

        transfers.MapPost("/", ApplyAsync)
            .WithName("ApplyForTransfer")
            .WithSummary("Apply at the new place to move a person's pension relationship here")
            .WithDescription("City systems of the city insuring the person now (the new place), its clerks at the counter on the person's behalf, and the person themselves online (portal), whose application is made at the city insuring them now. The new place then reviews (some cities approve by policy at once, e.g. Chengdu), the old place processes, and release and merge follow by themselves. The transfer id is derived from the Idempotency-Key, so a retry never creates a second transfer.")
            .AllowCallers(CallerPolicies.AgenciesAndThePerson)
            .WithPostProblems();

        api.MapGet("/persons/{citizenId}/transfers", ListForPersonAsync)
            .WithTags("Pension transfers")
            .WithName("ListPersonTransfers")
            .WithSummary("The person's transfers this province's API has handled (applied, read or decided through it), latest first")
            .WithDescription("Same scope as the person's record, the person included; each transfer is shown only to who may see it.")
            .AllowCallers(CallerPolicies.AgenciesAndThePerson)
            .WithStandardProblems();

        transfers.MapGet("/{transferId}", GetAsync)
            .WithName("GetTransfer")
            .WithSummary("A transfer's status, timeline, deadline and escalations")
            .WithDescription("City systems and clerks of the old or the new place, and the person whose transfer it is; anyone else gets 404.")
            .AllowCallers(CallerPolicies.AgenciesAndThePerson)
            .WithStandardProblems();

        transfers.MapPost("/{transferId}/approve", ApproveAsync)
            .WithName("ApproveTransfer")
            .WithSummary("Approve the decision awaited from your city (the new place's review, or the old place's processing)")
            .WithDescription("City systems, clerks and supervisors of the awaited city; an escalated (overdue) step needs a supervisor or the city system. A decision from the other place is refused with 409 (transfer-decision-wrong-place).")
            .AllowCallers(CallerPolicies.Agencies)
            .WithPostProblems();

        transfers.MapPost("/{transferId}/reject", RejectAsync)
            .WithName("RejectTransfer")
            .WithSummary("Reject the decision awaited from your city, with a reason the applicant can act on")
            .WithDescription("Same callers as approve. The reason is required (e.g. 'arrears 2025-01..2025-03: settle them, then apply again'). The transfer ends as rejected.")
            .AllowCallers(CallerPolicies.Agencies)
            .WithPostProblems();

        transfers.MapPost("/{transferId}/cancel", CancelAsync)
            .WithName("CancelTransfer")
            .WithSummary("Withdraw the application (before the old place released anything)")
            .WithDescription("The new place's city system or a supervisor of the new place, or the person who applied; clerks may not.")
            .AllowCallers(CallerPolicies.CitySystemsSupervisorsAndThePerson)
            .WithPostProblems();

        return api;
    }

    public static async Task<Results<Created<TransferResponse>, ProblemHttpResult>> ApplyAsync(
        ApplyForTransferRequest request, Caller caller, IdempotencyKey key, IClusterClient cluster, HttpContext http)
    {
        var id = CitizenId.Parse(request.CitizenId!);
        if (await cluster.LoadVisibleAsync(caller, id, http) is not { } record)
        {
            return Problems.PersonNotFound();
        }

        var transferId = key.TransferIdFor(caller);
        http.AuditSubject().TransferId = transferId;
        var view = await cluster.GetTransferGrain(transferId).ApplyAsync(
            new ApplyForTransfer(id, RegionCode.Parse(request.FromCity!), caller.PlaceFor(record), caller.Requester(key.Text)));
        return TypedResults.Created($"/api/v1/pension-transfers/{transferId}", view.ToResponse());
    }

    public static async Task<Results<Ok<TransferResponse>, ProblemHttpResult>> GetAsync(
        string transferId, Caller caller, IClusterClient cluster, HttpContext http)
    {
        var view = await LoadVisibleAsync(cluster, caller, TransferId.TryParse(transferId, out var id) ? id : default, http);
        return view is null ? Problems.TransferNotFound() : TypedResults.Ok(view.ToResponse());
    }

    public static Task<Results<Ok<TransferResponse>, ProblemHttpResult>> ApproveAsync(
        string transferId, TransferDecisionRequest? request, Caller caller, IdempotencyKey key, IClusterClient cluster, HttpContext http) =>
        DecideAsync(transferId, caller, http, cluster, (grain, _) => grain.ApproveAsync(new TransferDecision(caller.Region, request?.Reason, caller.Requester(key.Text))));

    public static Task<Results<Ok<TransferResponse>, ProblemHttpResult>> RejectAsync(
        string transferId, RejectTransferRequest request, Caller caller, IdempotencyKey key, IClusterClient cluster, HttpContext http) =>
        DecideAsync(transferId, caller, http, cluster, (grain, _) => grain.RejectAsync(new TransferDecision(caller.Region, request.Reason, caller.Requester(key.Text))));

    public static Task<Results<Ok<TransferResponse>, ProblemHttpResult>> CancelAsync(
        string transferId, TransferDecisionRequest? request, Caller caller, IdempotencyKey key, IClusterClient cluster, HttpContext http) =>
        // A person withdraws their own application as the new place would, where they applied.
        DecideAsync(transferId, caller, http, cluster, (grain, view) => grain.CancelAsync(
            new TransferDecision(caller.Kind == CallerKind.Person ? view.ToCity : caller.Region, request?.Reason, caller.Requester(key.Text))));

    public static async Task<Results<Ok<IReadOnlyList<TransferResponse>>, ProblemHttpResult>> ListForPersonAsync(
        string citizenId, Caller caller, IClusterClient cluster, AuditLog audit, HttpContext http)
    {
        var id = CitizenId.Parse(citizenId);
        if (await cluster.LoadVisibleAsync(caller, id, http) is null)
        {
            return Problems.PersonNotFound();
        }

        var views = new List<TransferResponse>();
        foreach (var transferId in await audit.TransfersOfPersonAsync(id.Value, 50, http.RequestAborted))
        {
            var view = await cluster.GetTransferGrain(new TransferId(transferId)).GetAsync();
            if (view.CitizenId == id && caller.CanSee(view))
            {
                views.Add(view.ToResponse());
            }
        }

        http.AuditSubject().TransferId = null;
        return TypedResults.Ok<IReadOnlyList<TransferResponse>>(views);
    }

    private static async Task<Results<Ok<TransferResponse>, ProblemHttpResult>> DecideAsync(
        string transferId, Caller caller, HttpContext http, IClusterClient cluster, Func<IPensionTransferGrain, TransferView, Task<TransferView>> decide)
    {
        var id = TransferId.TryParse(transferId, out var parsed) ? parsed : default;
        var view = await LoadVisibleAsync(cluster, caller, id, http);
        if (view is null)
        {
            return Problems.TransferNotFound();
        }

        // An overdue step was escalated to the agency's supervisor (design.md §2: every overdue step escalates).
        if (caller.Kind == CallerKind.Clerk && view.IsEscalated())
        {
            return Problems.Forbidden("supervisor-required",
                $"This step is overdue since {view.DueOn:yyyy-MM-dd} and was escalated: a supervisor of {caller.Region.Value} decides it now.");
        }

        return TypedResults.Ok((await decide(cluster.GetTransferGrain(id), view)).ToResponse());
    }

    /// <summary>The transfer when the caller may see it (its old or new place); null when unknown or out of scope alike.</summary>
    internal static async Task<TransferView?> LoadVisibleAsync(IClusterClient cluster, Caller caller, TransferId id, HttpContext http)
    {
        http.AuditSubject().TransferId = id;
        try
        {
            var view = await cluster.GetTransferGrain(id).GetAsync();
            http.AuditSubject().CitizenId = view.CitizenId;
            return caller.CanSee(view) ? view : null;
        }
        catch (JinBaoException exception) when (exception.Kind == ErrorKind.NotFound)
        {
            return null;
        }
    }
}
