using System.ComponentModel.DataAnnotations;

using JinBao.Api.Auth;
using JinBao.Api.Errors;
using JinBao.Api.Hosting;
using JinBao.Api.Idempotency;
using JinBao.Api.Validation;
using JinBao.Primitives;

using Microsoft.AspNetCore.Http.HttpResults;

namespace JinBao.Api.Agencies;

/// <summary>A clerk account to create: the user name within the agency and the role.</summary>
public sealed record CreateClerkRequest(
    [property: Required, RegularExpression("^[a-z][a-z0-9._-]{1,39}$", ErrorMessage = "user-name-shape: 2–40 characters, a lowercase letter then lowercase letters, digits, '.', '_' or '-'.")] string? User,
    [property: Required, RegularExpression("^(clerk|supervisor)$", ErrorMessage = "role: clerk or supervisor.")] string? Role) : IApiRequest;

/// <summary>A new clerk account and its first password, shown only in this response and stored nowhere but as a hash.</summary>
public sealed record CreatedClerkResponse(string Login, string Role, string InitialPassword);

/// <summary>A clerk's own password change.</summary>
public sealed record ChangePasswordRequest([property: Required] string? CurrentPassword, [property: Required] string? NewPassword) : IApiRequest;

/// <summary>
/// An agency's clerk accounts, managed by its supervisors (before, only the admin command on the database host and a SQL
/// UPDATE could). These routes keep no idempotency record: a response may carry a one-time password, which must not be
/// stored; creating an existing user is a 409, disabling twice changes nothing, so a retry is safe without one.
/// </summary>
public static class StaffApi
{
    public static RouteGroupBuilder MapStaffApi(this RouteGroupBuilder api)
    {
        var staff = api.MapGroup("/agencies/{city}/staff").WithTags("Agencies").WithMetadata(NoIdempotencyRecord.Instance);
        staff.MapGet("/", ListAsync)
            .WithName("ListClerks")
            .WithSummary("The agency's clerk accounts (supervisors of the agency)")
            .AllowCallers(CallerPolicies.Supervisors)
            .WithStandardProblems();
        staff.MapPost("/", CreateAsync)
            .WithName("CreateClerk")
            .WithSummary("Create a clerk or supervisor account; its first password is in the response only")
            .WithDescription("Supervisors of the agency. No Idempotency-Key is needed (or stored): creating an existing user answers 409.")
            .AllowCallers(CallerPolicies.Supervisors)
            .WithPostProblems();
        staff.MapPost("/{user}/disable", (string city, string user, Caller caller, CredentialStore store, CancellationToken token) => SetDisabledAsync(city, user, true, caller, store, token))
            .WithName("DisableClerk")
            .WithSummary("Disable a clerk account: its sign-ins and tokens stop working at once")
            .AllowCallers(CallerPolicies.Supervisors)
            .WithPostProblems();
        staff.MapPost("/{user}/enable", (string city, string user, Caller caller, CredentialStore store, CancellationToken token) => SetDisabledAsync(city, user, false, caller, store, token))
            .WithName("EnableClerk")
            .WithSummary("Enable a disabled clerk account again (and lift a lock-out)")
            .AllowCallers(CallerPolicies.Supervisors)
            .WithPostProblems();

        api.MapPost("/auth/password", ChangePasswordAsync)
            .WithTags("Authentication")
            .WithName("ChangePassword")
            .WithSummary("Change your own password (clerks and supervisors)")
            .WithDescription($"The current password is checked (a wrong one counts towards the lock-out); the new one has {CredentialStore.MinPasswordLength}–128 characters. No Idempotency-Key is needed (or stored).")
            .AllowCallers(CallerPolicies.Staff)
            .WithMetadata(NoIdempotencyRecord.Instance)
            .WithPostProblems();
        return api;
    }

    public static async Task<Results<Ok<IReadOnlyList<ClerkAccount>>, ProblemHttpResult>> ListAsync(
        string city, Caller caller, CredentialStore store, CancellationToken cancellationToken)
    {
        if (caller.RefuseOtherAgency(city, "staff accounts") is { } refused)
        {
            return refused;
        }

        return TypedResults.Ok(await store.ListClerksAsync(caller.Region, cancellationToken));
    }

    public static async Task<Results<Created<CreatedClerkResponse>, ProblemHttpResult>> CreateAsync(
        string city, CreateClerkRequest request, Caller caller, CredentialStore store, CancellationToken cancellationToken)
    {
        if (caller.RefuseOtherAgency(city, "staff accounts") is { } refused)
        {
            return refused;
        }

        try
        {
            var (login, password) = await store.CreateClerkAsync(caller.Region, request.User!, request.Role!, cancellationToken, caller.Subject);
            return TypedResults.Created($"/api/v1/agencies/{city}/staff", new CreatedClerkResponse(login, request.Role!, password));
        }
        catch (ArgumentException)
        {
            return Problems.Create(StatusCodes.Status409Conflict, "clerk-exists", "Clerk exists",
                $"Agency {caller.Region.Value} already has a user '{request.User}'; disable or enable it instead.");
        }
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> SetDisabledAsync(
        string city, string user, bool disabled, Caller caller, CredentialStore store, CancellationToken cancellationToken)
    {
        if (caller.RefuseOtherAgency(city, "staff accounts") is { } refused)
        {
            return refused;
        }

        if (disabled && CredentialStore.LoginName(user, caller.Region) == caller.Subject)
        {
            return Problems.Create(StatusCodes.Status409Conflict, "clerk-self-disable", "Not your own account",
                "A supervisor cannot disable their own account; another supervisor of the agency can.");
        }

        return await store.SetClerkDisabledAsync(caller.Region, user, disabled, caller.Subject, cancellationToken)
            ? TypedResults.NoContent()
            : Problems.Create(StatusCodes.Status404NotFound, "clerk-not-found", "No such clerk", $"Agency {caller.Region.Value} has no user '{user}'.");
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> ChangePasswordAsync(
        ChangePasswordRequest request, Caller caller, CredentialStore store, HttpContext http, CancellationToken cancellationToken)
    {
        ClerkSignIn check;
        try
        {
            check = await store.ChangePasswordAsync(caller.Subject, request.CurrentPassword!, request.NewPassword!, cancellationToken);
        }
        catch (ArgumentException exception)
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "password-rejected", "New password rejected", exception.Message);
        }

        await store.RecordSignInAsync(caller.Subject, "password-change", check.Outcome, http.Connection.RemoteIpAddress?.ToString(), cancellationToken);
        return check.Outcome switch
        {
            SignInOutcome.Ok => TypedResults.NoContent(),
            SignInOutcome.Locked => Problems.Forbidden("clerk-locked", $"The account is locked until {check.LockedUntil:yyyy-MM-ddTHH:mm:ssZ}."),
            _ => Problems.Forbidden("password-wrong", "The current password is wrong."),
        };
    }
}
