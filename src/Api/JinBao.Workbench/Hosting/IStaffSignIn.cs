namespace JinBao.Workbench.Hosting;

/// <summary>How a staff sign-in ended.</summary>
public enum StaffSignInOutcome
{
    Ok,
    Wrong,
    Locked,
}

/// <summary>A sign-in's result: on success the access token the API issued for the clerk, and who they are.</summary>
public sealed record StaffSignInResult(
    StaffSignInOutcome Outcome,
    string? AccessToken = null,
    TimeSpan Lifetime = default,
    string? Login = null,
    string? Role = null,
    string? City = null,
    DateTimeOffset? LockedUntil = null);

/// <summary>
/// Checks a clerk's password and issues their API token: the same check, lock-out, sign-in record and token as the API's
/// password grant, provided by the API process (which owns the credentials) so the workbench needs no copy of it.
/// </summary>
public interface IStaffSignIn
{
    Task<StaffSignInResult> SignInAsync(string login, string password, string? remoteIp, CancellationToken cancellationToken);
}
