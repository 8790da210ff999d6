using System.Security.Cryptography;

using JinBao.Api.Database;
using JinBao.Primitives;

namespace JinBao.Api.Auth;

/// <summary>
/// Insured persons' own credentials for the portal, in <c>jinbao_api_citizen_credentials</c> (one row per citizen id).
/// A clerk at the counter, or an operator's command, issues a one-time activation code (it stands in for the national
/// electronic social-security card); with it the person sets a password. Issuing a new code is also how a forgotten
/// password is reset. Wrong passwords and wrong codes count towards the same lock-out as a clerk's.
/// </summary>
public sealed class CitizenCredentials(ApiDatabase database, TimeProvider clock)
{
    /// <summary>How long an activation code stays usable.</summary>
    public static readonly TimeSpan CodeLifetime = TimeSpan.FromDays(7);

    /// <summary>Digits in an activation code: read out at the counter, typed on a phone.</summary>
    public const int CodeDigits = 8;

    /// <summary>A new one-time activation code for the person (any earlier code stops working); stored only hashed.</summary>
    public async Task<(string Code, DateTimeOffset ExpiresAt)> IssueCodeAsync(CitizenId person, string issuedBy, CancellationToken cancellationToken)
    {
        var code = string.Concat(Enumerable.Range(0, CodeDigits).Select(_ => (char)('0' + RandomNumberGenerator.GetInt32(10))));
        var expiresAt = clock.GetUtcNow() + CodeLifetime;
        await using var command = database.DataSource.CreateCommand("""
            INSERT INTO jinbao_api_citizen_credentials (citizen_id, credential_id, code_hash, code_expires_at, code_issued_by, code_issued_at)
            VALUES (@id, @credential, @hash, @expires, @by, now())
            ON CONFLICT (citizen_id) DO UPDATE SET code_hash = EXCLUDED.code_hash, code_expires_at = EXCLUDED.code_expires_at,
                code_issued_by = EXCLUDED.code_issued_by, code_issued_at = now(), failed_sign_ins = 0, locked_until = NULL
            """);
        command.Parameters.AddWithValue("id", person.Value);
        command.Parameters.AddWithValue("credential", "p-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)));
        command.Parameters.AddWithValue("hash", SecretHasher.Hash(code));
        command.Parameters.AddWithValue("expires", expiresAt);
        command.Parameters.AddWithValue("by", issuedBy);
        await command.ExecuteNonQueryAsync(cancellationToken);
        return (code, expiresAt);
    }

    /// <summary>
    /// Sets the person's password with their activation code, which is then used up. A wrong code counts towards the
    /// lock-out; an expired or used one is refused like a wrong one.
    /// </summary>
    /// <exception cref="ArgumentException">The password is too short or too long.</exception>
    public async Task<CitizenSignIn> ActivateAsync(CitizenId person, string code, string password, CancellationToken cancellationToken)
    {
        if (password.Length < CredentialStore.MinPasswordLength || password.Length > 128)
        {
            throw new ArgumentException($"The password must be {CredentialStore.MinPasswordLength} to 128 characters long.", nameof(password));
        }

        var row = await FindAsync(person, cancellationToken);
        if (row?.LockedUntil is { } until && until > clock.GetUtcNow())
        {
            SecretHasher.Verify(code, null);
            return new CitizenSignIn(row.CredentialId, SignInOutcome.Locked, until);
        }

        var usable = row is { CodeHash: not null, CodeExpiresAt: { } expires } && expires > clock.GetUtcNow();
        if (!SecretHasher.Verify(code, usable ? row!.CodeHash : null) || row is null)
        {
            return row is null ? new CitizenSignIn(null, SignInOutcome.WrongCode, null) : await CountFailureAsync(row, SignInOutcome.WrongCode, cancellationToken);
        }

        await using var command = database.DataSource.CreateCommand("""
            UPDATE jinbao_api_citizen_credentials
            SET password_hash = @hash, activated_at = now(), code_hash = NULL, code_expires_at = NULL, failed_sign_ins = 0, locked_until = NULL
            WHERE citizen_id = @id AND code_hash = @used
            """);
        command.Parameters.AddWithValue("hash", SecretHasher.Hash(password));
        command.Parameters.AddWithValue("id", person.Value);
        command.Parameters.AddWithValue("used", row.CodeHash!);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1
            ? new CitizenSignIn(row.CredentialId, SignInOutcome.Activated, null)
            : new CitizenSignIn(null, SignInOutcome.WrongCode, null); // another activation used the code first
    }

    /// <summary>Checks a person's password (taking as long whether or not they have a credential); the same lock-out as a clerk's.</summary>
    public async Task<CitizenSignIn> VerifyAsync(CitizenId person, string password, CancellationToken cancellationToken)
    {
        var row = await FindAsync(person, cancellationToken);
        if (row?.LockedUntil is { } until && until > clock.GetUtcNow())
        {
            SecretHasher.Verify(password, null);
            return new CitizenSignIn(row.CredentialId, SignInOutcome.Locked, until);
        }

        if (!SecretHasher.Verify(password, row?.PasswordHash) || row is null)
        {
            return row?.PasswordHash is null ? new CitizenSignIn(null, SignInOutcome.DisabledOrUnknown, null) : await CountFailureAsync(row, SignInOutcome.WrongSecret, cancellationToken);
        }

        if (row.FailedSignIns > 0 || row.LockedUntil is not null)
        {
            await using var reset = database.DataSource.CreateCommand(
                "UPDATE jinbao_api_citizen_credentials SET failed_sign_ins = 0, locked_until = NULL WHERE citizen_id = @id");
            reset.Parameters.AddWithValue("id", person.Value);
            await reset.ExecuteNonQueryAsync(cancellationToken);
        }

        return new CitizenSignIn(row.CredentialId, SignInOutcome.Ok, null);
    }

    /// <summary>How a person's sign-in attempt is named in <c>jinbao_api_sign_ins</c>: the credential id, or the masked citizen id when there is none.</summary>
    public static string LoginName(CitizenId person, CitizenSignIn result) => result.CredentialId ?? "person:" + person.Masked;

    private async Task<CitizenSignIn> CountFailureAsync(CredentialRow row, SignInOutcome outcome, CancellationToken cancellationToken)
    {
        await using var failed = database.DataSource.CreateCommand(CredentialStore.CountFailedSignIn("jinbao_api_citizen_credentials", "citizen_id = @id"));
        failed.Parameters.AddWithValue("lockOut", CredentialStore.LockOutFor);
        failed.Parameters.AddWithValue("id", row.CitizenId);
        var lockedUntil = await failed.ExecuteScalarAsync(cancellationToken) as DateTime?;
        return lockedUntil is { } locked
            ? new CitizenSignIn(row.CredentialId, SignInOutcome.Locked, new DateTimeOffset(locked, TimeSpan.Zero))
            : new CitizenSignIn(row.CredentialId, outcome, null);
    }

    private async Task<CredentialRow?> FindAsync(CitizenId person, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand("""
            SELECT credential_id, password_hash, code_hash, code_expires_at, failed_sign_ins, locked_until
            FROM jinbao_api_citizen_credentials WHERE citizen_id = @id
            """);
        command.Parameters.AddWithValue("id", person.Value);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new CredentialRow(person.Value, reader.GetString(0),
            reader.IsDBNull(1) ? null : reader.GetString(1),
            reader.IsDBNull(2) ? null : reader.GetString(2),
            reader.IsDBNull(3) ? null : reader.GetFieldValue<DateTimeOffset>(3),
            reader.GetInt32(4),
            reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5));
    }

    private sealed record CredentialRow(
        string CitizenId, string CredentialId, string? PasswordHash, string? CodeHash, DateTimeOffset? CodeExpiresAt, int FailedSignIns, DateTimeOffset? LockedUntil);
}

/// <summary>
/// A person's sign-in or activation: on success the credential id (the name a person goes by in tokens and the audit
/// trail), else why not, and until when a locked credential stays locked.
/// </summary>
public sealed record CitizenSignIn(string? CredentialId, SignInOutcome Outcome, DateTimeOffset? LockedUntil)
{
    public bool Succeeded => Outcome is SignInOutcome.Ok or SignInOutcome.Activated;
}
