using JinBao.Errors;
using JinBao.Persons;
using JinBao.Portal.Hosting;
using JinBao.Primitives;

namespace JinBao.Api.Auth;

/// <summary>
/// A person's sign-in, for the portal (in process) and for the token route's password grant with a citizen id: the
/// credential check and lock-out, a record of every attempt, and the caller a token is issued for: the person, placed
/// at the city insuring them in this province. A person this province keeps no record of is not signed in here.
/// </summary>
public sealed class PersonSignIn(CitizenCredentials credentials, CredentialStore records, TokenIssuer issuer, IClusterClient cluster) : IPersonSignIn
{
    /// <summary>Checks the password; on success, the person as a caller (null when this province does not know them).</summary>
    public async Task<(CitizenSignIn Result, Caller? Caller)> VerifyAsync(CitizenId person, string password, string grantType, string? remoteIp, CancellationToken cancellationToken)
    {
        var result = await credentials.VerifyAsync(person, password, cancellationToken);
        await records.RecordSignInAsync(CitizenCredentials.LoginName(person, result), grantType, result.Outcome, remoteIp, cancellationToken);
        return result.Succeeded ? (result, await CallerAsync(person, result.CredentialId!)) : (result, null);
    }

    public async Task<PersonSignInResult> SignInAsync(string citizenId, string password, string? remoteIp, CancellationToken cancellationToken)
    {
        if (!CitizenId.TryParse(citizenId, out var person))
        {
            return new PersonSignInResult(PersonSignInOutcome.Wrong);
        }

        var (result, caller) = await VerifyAsync(person, password, "portal", remoteIp, cancellationToken);
        return await ResultAsync(person, result, caller, cancellationToken);
    }

    public async Task<PersonSignInResult> ActivateAsync(string citizenId, string code, string password, string? remoteIp, CancellationToken cancellationToken)
    {
        if (!CitizenId.TryParse(citizenId, out var person))
        {
            return new PersonSignInResult(PersonSignInOutcome.Wrong);
        }

        CitizenSignIn result;
        try
        {
            result = await credentials.ActivateAsync(person, code, password, cancellationToken);
        }
        catch (ArgumentException)
        {
            return new PersonSignInResult(PersonSignInOutcome.WeakPassword);
        }

        await records.RecordSignInAsync(CitizenCredentials.LoginName(person, result), "portal-activation", result.Outcome, remoteIp, cancellationToken);
        return await ResultAsync(person, result, result.Succeeded ? await CallerAsync(person, result.CredentialId!) : null, cancellationToken);
    }

    private async Task<PersonSignInResult> ResultAsync(CitizenId person, CitizenSignIn result, Caller? caller, CancellationToken cancellationToken)
    {
        if (result.Outcome == SignInOutcome.Locked)
        {
            return new PersonSignInResult(PersonSignInOutcome.Locked, LockedUntil: result.LockedUntil);
        }

        if (!result.Succeeded)
        {
            return new PersonSignInResult(PersonSignInOutcome.Wrong);
        }

        if (caller is null)
        {
            return new PersonSignInResult(PersonSignInOutcome.NotHere);
        }

        var (token, lifetime) = await issuer.IssueAsync(caller, cancellationToken);
        return new PersonSignInResult(PersonSignInOutcome.Ok, token, lifetime, person.Value);
    }

    private async Task<Caller?> CallerAsync(CitizenId person, string credentialId)
    {
        try
        {
            var city = await cluster.GetPersonGrain(person).GetInsuringCityAsync();
            return new Caller(credentialId, CallerKind.Person, city, person);
        }
        catch (JinBaoException exception) when (exception.Kind == ErrorKind.NotFound)
        {
            return null;
        }
    }
}
