using JinBao.Api.Auth;
using JinBao.Api.Database;
using JinBao.Primitives;

using Npgsql;

namespace JinBao.Api.Admin;

/// <summary>
/// The API's administration commands, run instead of the web host when the first argument names one:
/// <c>create-city-credential --city 440300</c> and <c>create-clerk --city 440300 --user wang --role supervisor</c>.
/// They connect with the same <c>ConnectionStrings:jinbao</c> and print the new secret or password once.
/// </summary>
public sealed class AdminCommand
{
    private static readonly string[] Names = ["create-city-credential", "create-clerk"];

    private readonly string _name;
    private readonly Dictionary<string, string> _options;

    private AdminCommand(string name, Dictionary<string, string> options)
    {
        _name = name;
        _options = options;
    }

    /// <summary>The command named by the arguments, or null when they start the web host.</summary>
    public static AdminCommand? Parse(string[] args)
    {
        if (args.Length == 0 || !Names.Contains(args[0]))
        {
            return null;
        }

        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 1; i + 1 < args.Length; i += 2)
        {
            if (args[i].StartsWith("--", StringComparison.Ordinal))
            {
                options[args[i][2..]] = args[i + 1];
            }
        }

        return new AdminCommand(args[0], options);
    }

    /// <summary>Runs the command; the exit code is 0 on success, 2 for wrong arguments, 1 when the database refuses.</summary>
    public async Task<int> RunAsync(IConfiguration configuration, TextWriter output, TextWriter error)
    {
        if (!RegionCode.TryParse(_options.GetValueOrDefault("city"), out var city) || city.Level != RegionLevel.City)
        {
            await error.WriteLineAsync($"--city must be a city code of the region catalogue, e.g. 440300 (Shenzhen). Usage:\n{Usage}");
            return 2;
        }

        var connectionString = configuration.GetConnectionString(ApiDatabase.ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            await error.WriteLineAsync($"ConnectionStrings:{ApiDatabase.ConnectionStringName} is missing: set ConnectionStrings__{ApiDatabase.ConnectionStringName} to the cluster's database.");
            return 2;
        }

        await using var database = new ApiDatabase(NpgsqlDataSource.Create(connectionString));
        try
        {
            var missing = await database.MissingTablesAsync(CancellationToken.None);
            if (missing.Count > 0)
            {
                await error.WriteLineAsync(ApiDatabase.MissingTablesMessage(missing));
                return 1;
            }

            var store = new CredentialStore(database);
            if (_name == "create-city-credential")
            {
                var (clientId, secret) = await store.CreateCityCredentialAsync(city);
                await output.WriteLineAsync($"City-system credential for {city.Value} ({city.EnglishName}). The secret is shown only now: store it in the city system's vault.");
                await output.WriteLineAsync($"client_id={clientId}");
                await output.WriteLineAsync($"client_secret={secret}");
                return 0;
            }

            var (login, password) = await store.CreateClerkAsync(city, _options.GetValueOrDefault("user") ?? "", _options.GetValueOrDefault("role") ?? CallerClaims.ClerkRole);
            await output.WriteLineAsync($"Clerk account of agency {city.Value} ({city.EnglishName}), role {_options.GetValueOrDefault("role") ?? CallerClaims.ClerkRole}. The password is shown only now.");
            await output.WriteLineAsync($"username={login}");
            await output.WriteLineAsync($"password={password}");
            return 0;
        }
        catch (ArgumentException exception)
        {
            await error.WriteLineAsync($"{exception.Message}\n{Usage}");
            return 2;
        }
        catch (NpgsqlException exception)
        {
            await error.WriteLineAsync($"The database refused: {exception.Message}");
            return 1;
        }
    }

    private const string Usage = """
          dotnet run --project src/Api/JinBao.Api -- create-city-credential --city 440300
          dotnet run --project src/Api/JinBao.Api -- create-clerk --city 440300 --user wang --role clerk|supervisor
        """;
}
