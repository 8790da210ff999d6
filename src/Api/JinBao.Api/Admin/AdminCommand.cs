using JinBao.Api.Auth;
using JinBao.Api.Database;
using JinBao.Primitives;

using Npgsql;

namespace JinBao.Api.Admin;

/// <summary>
/// One of the API's administration commands, as <see cref="ApiCommandLine"/> parsed it:
/// <c>create-city-credential --city 440300</c> or <c>create-clerk --city 440300 --user wang --role supervisor</c>.
/// It connects with the API's own <c>ConnectionStrings:jinbao</c> and prints the new secret or password once.
/// </summary>
public sealed class AdminCommand
{
    private readonly RegionCode _city;
    private readonly (string User, string Role)? _clerk;

    private AdminCommand(RegionCode city, (string User, string Role)? clerk)
    {
        _city = city;
        _clerk = clerk;
    }

    public static AdminCommand CreateCityCredential(RegionCode city) => new(city, null);

    public static AdminCommand CreateClerk(RegionCode city, string user, string role) => new(city, (user, role));

    /// <summary>Runs the command; the exit code is 0 on success, 2 for wrong arguments, 1 when the database refuses.</summary>
    public async Task<int> RunAsync(IConfiguration configuration, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var connectionString = configuration.GetConnectionString(ApiDatabase.ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            await error.WriteLineAsync($"ConnectionStrings:{ApiDatabase.ConnectionStringName} is missing: set ConnectionStrings__{ApiDatabase.ConnectionStringName} to the cluster's database.");
            return 2;
        }

        try
        {
            await using var database = new ApiDatabase(NpgsqlDataSource.Create(connectionString));
            var missing = await database.MissingTablesAsync(cancellationToken);
            if (missing.Count > 0)
            {
                await error.WriteLineAsync(ApiDatabase.MissingTablesMessage(missing));
                return 1;
            }

            var store = new CredentialStore(database);
            if (_clerk is not { } clerk)
            {
                var (clientId, secret) = await store.CreateCityCredentialAsync(_city, cancellationToken);
                await output.WriteLineAsync($"City-system credential for {_city.Value} ({_city.EnglishName}). The secret is shown only now: store it in the city system's vault.");
                await output.WriteLineAsync($"client_id={clientId}");
                await output.WriteLineAsync($"client_secret={secret}");
                return 0;
            }

            var (login, password) = await store.CreateClerkAsync(_city, clerk.User, clerk.Role, cancellationToken);
            await output.WriteLineAsync($"Clerk account of agency {_city.Value} ({_city.EnglishName}), role {clerk.Role}. The password is shown only now.");
            await output.WriteLineAsync($"username={login}");
            await output.WriteLineAsync($"password={password}");
            return 0;
        }
        catch (ArgumentException exception)
        {
            await error.WriteLineAsync(exception.Message);
            return 2;
        }
        catch (NpgsqlException exception)
        {
            await error.WriteLineAsync($"The database refused: {exception.Message}");
            return 1;
        }
    }
}
