using System.Security.Cryptography;
using System.Text.RegularExpressions;

using JinBao.Api.Database;
using JinBao.Primitives;

using Npgsql;

namespace JinBao.Api.Auth;

/// <summary>City-system credentials and clerk accounts in <c>jinbao_api_city_credentials</c> and <c>jinbao_api_clerks</c>.</summary>
public sealed partial class CredentialStore(ApiDatabase database)
{
    /// <summary>A new credential for a city system; the secret is returned here once and stored only hashed.</summary>
    public async Task<(string ClientId, string Secret)> CreateCityCredentialAsync(RegionCode city, CancellationToken cancellationToken = default)
    {
        EnsureCity(city);
        var clientId = $"cs-{city.Value}-{RandomToken(12)}";
        var secret = SecretHasher.NewSecret();
        await using var command = database.DataSource.CreateCommand(
            "INSERT INTO jinbao_api_city_credentials (client_id, city, secret_hash) VALUES (@id, @city, @hash)");
        command.Parameters.AddWithValue("id", clientId);
        command.Parameters.AddWithValue("city", city.Value);
        command.Parameters.AddWithValue("hash", SecretHasher.Hash(secret));
        await command.ExecuteNonQueryAsync(cancellationToken);
        return (clientId, secret);
    }

    /// <summary>A new clerk account of a city agency; the password is returned here once and stored only hashed.</summary>
    /// <exception cref="ArgumentException">Bad user name or role, or the user already exists in that agency.</exception>
    public async Task<(string UserName, string Password)> CreateClerkAsync(RegionCode city, string user, string role, CancellationToken cancellationToken = default, string? createdBy = null)
    {
        EnsureCity(city);
        if (!UserNameShape().IsMatch(user))
        {
            throw new ArgumentException($"User name '{user}' must be 2–40 characters: a lowercase letter, then lowercase letters, digits, '.', '_' or '-'.", nameof(user));
        }

        if (role is not (CallerClaims.ClerkRole or CallerClaims.SupervisorRole))
        {
            throw new ArgumentException($"Role '{role}' must be 'clerk' or 'supervisor'.", nameof(role));
        }

        var password = SecretHasher.NewSecret()[..24];
        await using var command = database.DataSource.CreateCommand(
            "INSERT INTO jinbao_api_clerks (city, username, role, password_hash, created_by) VALUES (@city, @user, @role, @hash, @by) ON CONFLICT DO NOTHING");
        command.Parameters.AddWithValue("by", (object?)createdBy ?? DBNull.Value);
        command.Parameters.AddWithValue("city", city.Value);
        command.Parameters.AddWithValue("user", user);
        command.Parameters.AddWithValue("role", role);
        command.Parameters.AddWithValue("hash", SecretHasher.Hash(password));
        if (await command.ExecuteNonQueryAsync(cancellationToken) == 0)
        {
            throw new ArgumentException($"Clerk '{user}' already exists at agency {city.Value}.", nameof(user));
        }

        return (LoginName(user, city), password);
    }

    /// <summary>The city system of a valid, enabled credential; null otherwise (taking as long either way).</summary>
    public async Task<Caller?> VerifyCitySystemAsync(string clientId, string secret, CancellationToken cancellationToken)
    {
        string? hash = null;
        string? city = null;
        await using (var command = database.DataSource.CreateCommand(
            "SELECT city, secret_hash FROM jinbao_api_city_credentials WHERE client_id = @id AND disabled_at IS NULL"))
        {
            command.Parameters.AddWithValue("id", clientId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                city = reader.GetString(0);
                hash = reader.GetString(1);
            }
        }

        return SecretHasher.Verify(secret, hash) && RegionCode.TryParse(city, out var region)
            ? new Caller(clientId, CallerKind.CitySystem, region)
            : null;
    }

    /// <summary>Wrong passwords in a row after which a clerk account is locked for <see cref="LockOutFor"/>.</summary>
    public const int MaxFailedSignIns = 5;

    /// <summary>How long a locked clerk account refuses every password, the right one too.</summary>
    public static readonly TimeSpan LockOutFor = TimeSpan.FromMinutes(15);

    /// <summary>The shortest password a clerk may choose.</summary>
    public const int MinPasswordLength = 12;

    /// <summary>
    /// Checks a clerk's login <c>user@city</c> and password (taking as long whether or not the account exists). A wrong
    /// password counts towards the lock-out; <see cref="MaxFailedSignIns"/> in a row lock the account for
    /// <see cref="LockOutFor"/>; a right one resets the count, and so does the end of a lock-out. The count lives in the
    /// row, so every API instance sees it.
    /// </summary>
    public async Task<ClerkSignIn> VerifyClerkAsync(string login, string password, CancellationToken cancellationToken)
    {
        var account = await FindClerkAsync(login, cancellationToken);
        if (account is { LockedUntil: { } until } && until > DateTimeOffset.UtcNow)
        {
            SecretHasher.Verify(password, null); // the same work as a check: a locked account is no cheaper to keep guessing at
            return new ClerkSignIn(null, SignInOutcome.Locked, until);
        }

        if (!SecretHasher.Verify(password, account?.PasswordHash) || account is null)
        {
            if (account is null)
            {
                return new ClerkSignIn(null, SignInOutcome.DisabledOrUnknown, null);
            }

            await using var failed = database.DataSource.CreateCommand(CountFailedSignIn("jinbao_api_clerks", "city = @city AND username = @user"));
            failed.Parameters.AddWithValue("lockOut", LockOutFor);
            failed.Parameters.AddWithValue("city", account.City.Value);
            failed.Parameters.AddWithValue("user", account.User);
            var lockedUntil = await failed.ExecuteScalarAsync(cancellationToken) as DateTime?;
            return lockedUntil is { } locked
                ? new ClerkSignIn(null, SignInOutcome.Locked, new DateTimeOffset(locked, TimeSpan.Zero))
                : new ClerkSignIn(null, SignInOutcome.WrongSecret, null);
        }

        if (account.FailedSignIns > 0 || account.LockedUntil is not null)
        {
            await using var reset = database.DataSource.CreateCommand(
                "UPDATE jinbao_api_clerks SET failed_sign_ins = 0, locked_until = NULL WHERE city = @city AND username = @user");
            reset.Parameters.AddWithValue("city", account.City.Value);
            reset.Parameters.AddWithValue("user", account.User);
            await reset.ExecuteNonQueryAsync(cancellationToken);
        }

        var caller = new Caller(LoginName(account.User, account.City), account.Role == CallerClaims.SupervisorRole ? CallerKind.Supervisor : CallerKind.Clerk, account.City);
        return new ClerkSignIn(caller, SignInOutcome.Ok, null);
    }

    /// <summary>
    /// The update that counts a wrong password against an account row (afresh once a lock-out has ended) and locks it
    /// for <c>@lockOut</c> at <see cref="MaxFailedSignIns"/>; it returns the row's <c>locked_until</c>.
    /// </summary>
    internal static string CountFailedSignIn(string table, string where) => $"""
        UPDATE {table}
        SET failed_sign_ins = CASE WHEN locked_until <= now() THEN 1 ELSE failed_sign_ins + 1 END,
            locked_until = CASE WHEN (CASE WHEN locked_until <= now() THEN 1 ELSE failed_sign_ins + 1 END) >= {MaxFailedSignIns}
                                THEN now() + @lockOut ELSE NULL END
        WHERE {where}
        RETURNING locked_until
        """;

    /// <summary>Changes a clerk's own password after checking the current one (a wrong one counts towards the lock-out).</summary>
    /// <exception cref="ArgumentException">The new password is too short or equals the current one.</exception>
    public async Task<ClerkSignIn> ChangePasswordAsync(string login, string currentPassword, string newPassword, CancellationToken cancellationToken)
    {
        if (newPassword.Length < MinPasswordLength || newPassword.Length > 128)
        {
            throw new ArgumentException($"The new password must be {MinPasswordLength} to 128 characters long.", nameof(newPassword));
        }

        if (newPassword == currentPassword)
        {
            throw new ArgumentException("The new password must differ from the current one.", nameof(newPassword));
        }

        var check = await VerifyClerkAsync(login, currentPassword, cancellationToken);
        if (check.Caller is not { } caller)
        {
            return check;
        }

        await using var command = database.DataSource.CreateCommand(
            "UPDATE jinbao_api_clerks SET password_hash = @hash, password_changed_at = now() WHERE city = @city AND username = @user");
        command.Parameters.AddWithValue("hash", SecretHasher.Hash(newPassword));
        command.Parameters.AddWithValue("city", caller.Region.Value);
        command.Parameters.AddWithValue("user", UserOf(caller.Subject));
        await command.ExecuteNonQueryAsync(cancellationToken);
        return check;
    }

    /// <summary>Every clerk account of an agency, enabled or not, by user name.</summary>
    public async Task<IReadOnlyList<ClerkAccount>> ListClerksAsync(RegionCode city, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand("""
            SELECT username, role, created_at, created_by, disabled_at, disabled_by, locked_until, password_changed_at
            FROM jinbao_api_clerks WHERE city = @city ORDER BY username
            """);
        command.Parameters.AddWithValue("city", city.Value);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var accounts = new List<ClerkAccount>();
        while (await reader.ReadAsync(cancellationToken))
        {
            accounts.Add(new ClerkAccount(
                LoginName(reader.GetString(0), city),
                reader.GetString(1),
                reader.GetFieldValue<DateTimeOffset>(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTimeOffset>(4),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6),
                reader.IsDBNull(7) ? null : reader.GetFieldValue<DateTimeOffset>(7)));
        }

        return accounts;
    }

    /// <summary>Disables (or enables again) a clerk account of an agency; false when there is no such account.</summary>
    public async Task<bool> SetClerkDisabledAsync(RegionCode city, string user, bool disabled, string actor, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand(disabled
            ? "UPDATE jinbao_api_clerks SET disabled_at = COALESCE(disabled_at, now()), disabled_by = COALESCE(disabled_by, @actor) WHERE city = @city AND username = @user"
            : "UPDATE jinbao_api_clerks SET disabled_at = NULL, disabled_by = NULL, failed_sign_ins = 0, locked_until = NULL WHERE city = @city AND username = @user");
        command.Parameters.AddWithValue("actor", actor);
        command.Parameters.AddWithValue("city", city.Value);
        command.Parameters.AddWithValue("user", user);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>Records a sign-in attempt in <c>jinbao_api_sign_ins</c> (append-only).</summary>
    public async Task RecordSignInAsync(string login, string grantType, SignInOutcome outcome, string? remoteIp, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand(
            "INSERT INTO jinbao_api_sign_ins (login, grant_type, outcome, remote_ip) VALUES (@login, @grant, @outcome, @ip)");
        command.Parameters.AddWithValue("login", login.Length > 80 ? login[..80] : login);
        command.Parameters.AddWithValue("grant", grantType);
        command.Parameters.AddWithValue("outcome", outcome switch
        {
            SignInOutcome.Ok => "ok",
            SignInOutcome.WrongSecret => "wrong-secret",
            SignInOutcome.Locked => "locked",
            SignInOutcome.Activated => "activated",
            SignInOutcome.WrongCode => "wrong-code",
            _ => "disabled-or-unknown",
        });
        command.Parameters.AddWithValue("ip", (object?)remoteIp ?? DBNull.Value);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The user part of <c>user@city</c>.</summary>
    public static string UserOf(string login) => login.LastIndexOf('@') is var at and > 0 ? login[..at] : login;

    private async Task<ClerkRow?> FindClerkAsync(string login, CancellationToken cancellationToken)
    {
        var at = login.LastIndexOf('@');
        if (at <= 0 || !RegionCode.TryParse(login[(at + 1)..], out var city))
        {
            return null;
        }

        var user = login[..at];
        await using var command = database.DataSource.CreateCommand(
            "SELECT role, password_hash, failed_sign_ins, locked_until FROM jinbao_api_clerks WHERE city = @city AND username = @user AND disabled_at IS NULL");
        command.Parameters.AddWithValue("city", city.Value);
        command.Parameters.AddWithValue("user", user);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new ClerkRow(city, user, reader.GetString(0), reader.GetString(1), reader.GetInt32(2),
                reader.IsDBNull(3) ? null : reader.GetFieldValue<DateTimeOffset>(3))
            : null;
    }

    private sealed record ClerkRow(RegionCode City, string User, string Role, string PasswordHash, int FailedSignIns, DateTimeOffset? LockedUntil);

    /// <summary>How a clerk logs in: <c>user@city</c>, e.g. <c>wang@440300</c>.</summary>
    public static string LoginName(string user, RegionCode city) => $"{user}@{city.Value}";

    private static void EnsureCity(RegionCode city)
    {
        if (city.Level != RegionLevel.City)
        {
            throw new ArgumentException($"{city.Value} is a province; credentials and agencies belong to a city (e.g. 440300).", nameof(city));
        }
    }

    private static string RandomToken(int length)
    {
        const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        return string.Create(length, 0, (span, _) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
            }
        });
    }

    [GeneratedRegex("^[a-z][a-z0-9._-]{1,39}$", RegexOptions.CultureInvariant)]
    private static partial Regex UserNameShape();
}

/// <summary>How a sign-in attempt ended, as <c>jinbao_api_sign_ins</c> records it.</summary>
public enum SignInOutcome
{
    Ok,
    WrongSecret,
    Locked,
    DisabledOrUnknown,

    /// <summary>A person set their password with an activation code.</summary>
    Activated,

    /// <summary>A wrong, used or expired activation code.</summary>
    WrongCode,
}

/// <summary>A clerk's sign-in: the caller when it succeeded, else why not (and until when a locked account stays locked).</summary>
public sealed record ClerkSignIn(Caller? Caller, SignInOutcome Outcome, DateTimeOffset? LockedUntil);

/// <summary>A clerk account as a supervisor sees it (never its password hash).</summary>
public sealed record ClerkAccount(
    string Login,
    string Role,
    DateTimeOffset CreatedAt,
    string? CreatedBy,
    DateTimeOffset? DisabledAt,
    string? DisabledBy,
    DateTimeOffset? LockedUntil,
    DateTimeOffset? PasswordChangedAt);
