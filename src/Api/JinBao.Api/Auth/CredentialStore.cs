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
    public async Task<(string UserName, string Password)> CreateClerkAsync(RegionCode city, string user, string role, CancellationToken cancellationToken = default)
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
            "INSERT INTO jinbao_api_clerks (city, username, role, password_hash) VALUES (@city, @user, @role, @hash) ON CONFLICT DO NOTHING");
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

    /// <summary>The clerk of a valid login <c>user@city</c> and password; null otherwise (taking as long either way).</summary>
    public async Task<Caller?> VerifyClerkAsync(string login, string password, CancellationToken cancellationToken)
    {
        var at = login.LastIndexOf('@');
        var user = at > 0 ? login[..at] : login;
        var cityText = at > 0 ? login[(at + 1)..] : "";
        string? hash = null;
        string? role = null;
        if (RegionCode.TryParse(cityText, out var city))
        {
            await using var command = database.DataSource.CreateCommand(
                "SELECT role, password_hash FROM jinbao_api_clerks WHERE city = @city AND username = @user AND disabled_at IS NULL");
            command.Parameters.AddWithValue("city", city.Value);
            command.Parameters.AddWithValue("user", user);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                role = reader.GetString(0);
                hash = reader.GetString(1);
            }
        }

        if (!SecretHasher.Verify(password, hash))
        {
            return null;
        }

        return new Caller(LoginName(user, city), role == CallerClaims.SupervisorRole ? CallerKind.Supervisor : CallerKind.Clerk, city);
    }

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
