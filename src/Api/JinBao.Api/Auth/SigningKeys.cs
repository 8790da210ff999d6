using System.Security.Cryptography;

using JinBao.Api.Database;

using Microsoft.IdentityModel.Tokens;

namespace JinBao.Api.Auth;

/// <summary>
/// The HMAC keys that sign access tokens, shared by every API instance of the cluster through
/// <c>jinbao_api_signing_keys</c>: the first instance creates the key, the others read it, so a token from one is
/// accepted by all. Cached in memory and refreshed in the background (<see cref="SigningKeyRefresher"/>).
/// </summary>
public sealed class SigningKeys(ApiDatabase database)
{
    private const string InitialKeyId = "k1";

    private volatile IReadOnlyList<SymmetricSecurityKey> _keys = [];

    /// <summary>The keys tokens may be signed with (empty until loaded from the database).</summary>
    public IReadOnlyList<SymmetricSecurityKey> ValidationKeys => _keys;

    /// <summary>The newest key, loading it first if needed.</summary>
    public async Task<SymmetricSecurityKey> CurrentAsync(CancellationToken cancellationToken)
    {
        if (_keys.Count == 0)
        {
            await RefreshAsync(cancellationToken);
        }

        return _keys[^1];
    }

    /// <summary>Reads the active keys, creating the first one if the table is empty.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await using (var create = database.DataSource.CreateCommand(
            "INSERT INTO jinbao_api_signing_keys (kid, secret) VALUES (@kid, @secret) ON CONFLICT (kid) DO NOTHING"))
        {
            create.Parameters.AddWithValue("kid", InitialKeyId);
            create.Parameters.AddWithValue("secret", RandomNumberGenerator.GetBytes(64));
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        var keys = new List<SymmetricSecurityKey>();
        await using (var read = database.DataSource.CreateCommand(
            "SELECT kid, secret FROM jinbao_api_signing_keys WHERE retired_at IS NULL ORDER BY created_at, kid"))
        {
            await using var reader = await read.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                keys.Add(new SymmetricSecurityKey((byte[])reader[1]) { KeyId = reader.GetString(0) });
            }
        }

        _keys = keys;
    }
}

/// <summary>Loads the signing keys at start (retrying until the database and the API tables exist) and every few minutes.</summary>
internal sealed partial class SigningKeyRefresher(SigningKeys keys, ILogger<SigningKeyRefresher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            var loaded = false;
            try
            {
                await keys.RefreshAsync(stoppingToken);
                loaded = true;
            }
            catch (Exception exception) when (exception is Npgsql.NpgsqlException or TimeoutException)
            {
                // Once, then about once a minute: until a silo has migrated the database this is expected.
                if (failures++ % 20 == 0)
                {
                    LogNotLoaded(logger, exception.Message);
                }
            }

            await Task.Delay(loaded ? TimeSpan.FromMinutes(5) : TimeSpan.FromSeconds(3), stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Token signing keys not loaded yet (the API answers 503 to token requests until they are): {Reason}")]
    private static partial void LogNotLoaded(ILogger logger, string reason);
}
