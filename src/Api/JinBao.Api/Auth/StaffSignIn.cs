using JinBao.Workbench.Hosting;

namespace JinBao.Api.Auth;

/// <summary>
/// The workbench's sign-in: the password grant's check, lock-out and sign-in record, and the same access token, called
/// in process (the workbench page itself is rate-limited by the clerk's address, as the token route is).
/// </summary>
internal sealed class StaffSignIn(CredentialStore credentials, TokenIssuer issuer) : IStaffSignIn
{
    public async Task<StaffSignInResult> SignInAsync(string login, string password, string? remoteIp, CancellationToken cancellationToken)
    {
        var signIn = await credentials.VerifyClerkAsync(login, password, cancellationToken);
        await credentials.RecordSignInAsync(login, "workbench", signIn.Outcome, remoteIp, cancellationToken);
        if (signIn.Caller is not { } caller)
        {
            return new StaffSignInResult(signIn.Outcome == SignInOutcome.Locked ? StaffSignInOutcome.Locked : StaffSignInOutcome.Wrong, LockedUntil: signIn.LockedUntil);
        }

        var (token, lifetime) = await issuer.IssueAsync(caller, cancellationToken);
        return new StaffSignInResult(StaffSignInOutcome.Ok, token, lifetime, caller.Subject,
            caller.Kind == CallerKind.Supervisor ? CallerClaims.SupervisorRole : CallerClaims.ClerkRole, caller.Region.Value);
    }
}
