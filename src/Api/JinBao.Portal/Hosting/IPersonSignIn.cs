namespace JinBao.Portal.Hosting;

/// <summary>How a person's sign-in or activation ended.</summary>
public enum PersonSignInOutcome
{
    Ok,

    /// <summary>Wrong citizen id or password (or code), or no credential yet: the page does not say which.</summary>
    Wrong,

    Locked,

    /// <summary>The credential is right, but this province keeps no record of the person.</summary>
    NotHere,

    /// <summary>The new password is too short or too long.</summary>
    WeakPassword,
}

/// <summary>A person's sign-in: on success the API token issued for them.</summary>
public sealed record PersonSignInResult(
    PersonSignInOutcome Outcome,
    string? AccessToken = null,
    TimeSpan Lifetime = default,
    string? CitizenId = null,
    DateTimeOffset? LockedUntil = null);

/// <summary>
/// Activates a person's credential with the code a clerk issued, and signs a person in: the API's check, lock-out,
/// sign-in record and token, provided in process by the API (which owns the credentials), as the workbench's
/// sign-in is.
/// </summary>
public interface IPersonSignIn
{
    Task<PersonSignInResult> ActivateAsync(string citizenId, string code, string password, string? remoteIp, CancellationToken cancellationToken);

    Task<PersonSignInResult> SignInAsync(string citizenId, string password, string? remoteIp, CancellationToken cancellationToken);
}
