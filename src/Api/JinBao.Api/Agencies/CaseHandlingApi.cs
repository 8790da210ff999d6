using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

using JinBao.Api.Audit;
using JinBao.Api.Auth;
using JinBao.Api.Database;
using JinBao.Api.Errors;
using JinBao.Api.Hosting;
using JinBao.Api.Transfers;
using JinBao.Api.Validation;
using JinBao.Primitives;
using JinBao.Transfers;

using Microsoft.AspNetCore.Http.HttpResults;

using Npgsql;

namespace JinBao.Api.Agencies;

/// <summary>Give a case to one of the agency's clerks.</summary>
/// <param name="Clerk">The clerk's user name within the agency (the part before @).</param>
public sealed record AssignCaseRequest(
    [property: Required, RegularExpression("^[a-z][a-z0-9._-]{1,39}$", ErrorMessage = "user-name-shape: 2–40 characters, a lowercase letter then lowercase letters, digits, '.', '_' or '-'.")] string? Clerk) : IApiRequest;

/// <summary>A supervisor has seen an escalated step and takes it in hand.</summary>
public sealed record AcknowledgeEscalationRequest([property: StringLength(500)] string? Note) : IApiRequest;

/// <summary>How the agency handles a case: to whom it is given, and whether its escalation was acknowledged.</summary>
public sealed record CaseHandlingResponse(
    Guid TransferId,
    string? AssignedTo,
    string? AssignedBy,
    DateTimeOffset? AssignedAt,
    string? AcknowledgedBy,
    DateTimeOffset? AcknowledgedAt,
    string? AcknowledgedNote)
{
    /// <summary>The step the acknowledgement was given for (kept to tell whether it still holds; not sent).</summary>
    [JsonIgnore]
    public string? AcknowledgedStep { get; init; }

    /// <summary>The deadline of that step.</summary>
    [JsonIgnore]
    public DateOnly? AcknowledgedDue { get; init; }

    /// <summary>Whether the acknowledgement is for the step and deadline the case is at now.</summary>
    public bool Acknowledges(TransferStatus status, DateOnly? due) =>
        AcknowledgedBy is not null && AcknowledgedStep == status.ToString() && AcknowledgedDue == due;
}

/// <summary>
/// A supervisor's handling of the agency's cases: assign a case to a clerk, acknowledge an escalated step. Kept in
/// <c>jinbao_api_case_handling</c> beside the queue: the transfer itself does not change.
/// </summary>
public static class CaseHandlingApi
{
    public static RouteGroupBuilder MapCaseHandlingApi(this RouteGroupBuilder api)
    {
        var cases = api.MapGroup("/agencies/{city}/cases/{transferId}").WithTags("Agencies");
        cases.MapPost("/assignment", AssignAsync)
            .WithName("AssignCase")
            .WithSummary("Give a case of the agency to one of its clerks (supervisors of the agency)")
            .WithDescription("The clerk must have an enabled account at the agency. Assigning again replaces the assignee. The transfer does not change; the queue shows the assignee.")
            .AllowCallers(CallerPolicies.Supervisors)
            .WithPostProblems();
        cases.MapPost("/acknowledgement", AcknowledgeAsync)
            .WithName("AcknowledgeEscalation")
            .WithSummary("Acknowledge the escalation of a case's overdue step (supervisors of the awaited agency)")
            .WithDescription("Only while the step awaited from this agency is escalated (409 case-not-escalated otherwise). The acknowledgement holds for that step; the queue shows it.")
            .AllowCallers(CallerPolicies.Supervisors)
            .WithPostProblems();
        return api;
    }

    public static async Task<Results<Ok<CaseHandlingResponse>, ProblemHttpResult>> AssignAsync(
        string city, string transferId, AssignCaseRequest request, Caller caller, IClusterClient cluster, CredentialStore credentials, ApiDatabase database, HttpContext http)
    {
        var (view, refused) = await LoadOwnCaseAsync(city, transferId, caller, cluster, http);
        if (refused is not null)
        {
            return refused;
        }

        var clerk = CredentialStore.LoginName(request.Clerk!, caller.Region);
        if (!(await credentials.ListClerksAsync(caller.Region, http.RequestAborted)).Any(a => a.Login == clerk && a.DisabledAt is null))
        {
            return Problems.Create(StatusCodes.Status409Conflict, "clerk-not-found", "No such clerk",
                $"Agency {caller.Region.Value} has no enabled clerk '{request.Clerk}' to give the case to.");
        }

        await using var command = database.DataSource.CreateCommand("""
            INSERT INTO jinbao_api_case_handling (city, transfer_id, assigned_to, assigned_by, assigned_at)
            VALUES (@city, @transfer, @clerk, @by, now())
            ON CONFLICT (city, transfer_id) DO UPDATE SET assigned_to = excluded.assigned_to, assigned_by = excluded.assigned_by, assigned_at = excluded.assigned_at
            """);
        command.Parameters.AddWithValue("city", caller.Region.Value);
        command.Parameters.AddWithValue("transfer", view!.Id.Value);
        command.Parameters.AddWithValue("clerk", clerk);
        command.Parameters.AddWithValue("by", caller.Subject);
        await command.ExecuteNonQueryAsync(http.RequestAborted);
        return TypedResults.Ok((await ReadAsync(database, caller.Region, [view.Id.Value], http.RequestAborted))[view.Id.Value]);
    }

    public static async Task<Results<Ok<CaseHandlingResponse>, ProblemHttpResult>> AcknowledgeAsync(
        string city, string transferId, AcknowledgeEscalationRequest? request, Caller caller, IClusterClient cluster, ApiDatabase database, HttpContext http)
    {
        var (view, refused) = await LoadOwnCaseAsync(city, transferId, caller, cluster, http);
        if (refused is not null)
        {
            return refused;
        }

        var current = view!;
        if (!current.IsEscalated() || current.AwaitingCity != caller.Region)
        {
            return Problems.Create(StatusCodes.Status409Conflict, "case-not-escalated", "Not escalated",
                "The step this case waits for is not an escalated step of your agency: there is nothing to acknowledge.");
        }

        await using var command = database.DataSource.CreateCommand("""
            INSERT INTO jinbao_api_case_handling (city, transfer_id, acknowledged_step, acknowledged_due, acknowledged_by, acknowledged_at, acknowledged_note)
            VALUES (@city, @transfer, @step, @due, @by, now(), @note)
            ON CONFLICT (city, transfer_id) DO UPDATE SET acknowledged_step = excluded.acknowledged_step, acknowledged_due = excluded.acknowledged_due,
                acknowledged_by = excluded.acknowledged_by, acknowledged_at = excluded.acknowledged_at, acknowledged_note = excluded.acknowledged_note
            """);
        command.Parameters.AddWithValue("city", caller.Region.Value);
        command.Parameters.AddWithValue("transfer", current.Id.Value);
        command.Parameters.AddWithValue("step", current.Status.ToString());
        command.Parameters.AddWithValue("due", current.DueOn!.Value);
        command.Parameters.AddWithValue("by", caller.Subject);
        command.Parameters.AddWithValue("note", (object?)request?.Note ?? DBNull.Value);
        await command.ExecuteNonQueryAsync(http.RequestAborted);
        return TypedResults.Ok((await ReadAsync(database, caller.Region, [current.Id.Value], http.RequestAborted))[current.Id.Value]);
    }

    /// <summary>
    /// The handling of these cases at an agency. An acknowledgement counts only for the step and deadline it was given
    /// for: when the case moves on or is escalated again, it is new to the supervisor.
    /// </summary>
    public static async Task<Dictionary<Guid, CaseHandlingResponse>> ReadAsync(ApiDatabase database, RegionCode city, Guid[] transfers, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand("""
            SELECT transfer_id, assigned_to, assigned_by, assigned_at, acknowledged_by, acknowledged_at, acknowledged_note, acknowledged_step, acknowledged_due
            FROM jinbao_api_case_handling WHERE city = @city AND transfer_id = ANY(@transfers)
            """);
        command.Parameters.AddWithValue("city", city.Value);
        command.Parameters.AddWithValue("transfers", transfers);
        var handling = new Dictionary<Guid, CaseHandlingResponse>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            handling[reader.GetGuid(0)] = new CaseHandlingResponse(reader.GetGuid(0),
                Text(reader, 1), Text(reader, 2), reader.IsDBNull(3) ? null : reader.GetFieldValue<DateTimeOffset>(3),
                Text(reader, 4), reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5), Text(reader, 6))
            {
                AcknowledgedStep = Text(reader, 7),
                AcknowledgedDue = reader.IsDBNull(8) ? null : reader.GetFieldValue<DateOnly>(8),
            };
        }

        return handling;
    }

    private static string? Text(NpgsqlDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.GetString(column);

    // The case must be a transfer of the caller's own agency (its old or new place); anyone else learns nothing of it.
    private static async Task<(TransferView? View, ProblemHttpResult? Refused)> LoadOwnCaseAsync(
        string city, string transferId, Caller caller, IClusterClient cluster, HttpContext http)
    {
        if (caller.RefuseOtherAgency(city, "cases") is { } refused)
        {
            return (null, refused);
        }

        var view = await TransfersApi.LoadVisibleAsync(cluster, caller, TransferId.TryParse(transferId, out var parsed) ? parsed : default, http);
        return view is null ? (null, Problems.TransferNotFound()) : (view, null);
    }
}
