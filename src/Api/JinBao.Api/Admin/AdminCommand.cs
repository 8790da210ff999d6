using JinBao.Api.Auth;
using JinBao.Api.Database;
using JinBao.Api.Hosting;
using JinBao.Primitives;

using Npgsql;

namespace JinBao.Api.Admin;

/// <summary>
/// One of the API's administration commands, as <see cref="ApiCommandLine"/> parsed it:
/// <c>create-city-credential --city 440300</c>, <c>create-clerk --city 440300 --user wang --role supervisor</c> or
/// <c>issue-activation-code --citizen-id 440304198505142670</c>. It connects with the API's own
/// <c>ConnectionStrings:jinbao</c> and prints the new secret, password or code once.
/// </summary>
public sealed class AdminCommand
{
    private readonly RegionCode _city;
    private readonly (string User, string Role)? _clerk;
    private readonly CitizenId? _person;

    private AdminCommand(RegionCode city, (string User, string Role)? clerk, CitizenId? person = null)
    {
        _city = city;
        _clerk = clerk;
        _person = person;
    }

    public static AdminCommand CreateCityCredential(RegionCode city) => new(city, null);

    public static AdminCommand CreateClerk(RegionCode city, string user, string role) => new(city, (user, role));

    /// <summary>A person's portal activation code, for an operator who stands in for the electronic social-security card.</summary>
    public static AdminCommand IssueActivationCode(CitizenId person) => new(default, null, person);

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

            var (cluster, unknown) = await FindClusterAsync(configuration, database, cancellationToken);
            if (_person is { } person)
            {
                // Any province's API keeps its own credentials; a person it keeps no record of is told so at sign-in.
                var (code, expiresAt) = await new CitizenCredentials(database, TimeProvider.System).IssueCodeAsync(person, "admin-command", cancellationToken);
                await output.WriteLineAsync($"Portal activation code for {person.Masked} on cluster {cluster?.ToString() ?? "(unknown)"}, valid once until {expiresAt:yyyy-MM-dd HH:mm}Z; it is shown only now and replaces any earlier code. The person activates at /portal/activate.");
                await output.WriteLineAsync($"code={code}");
                return 0;
            }

            if ((cluster is null ? unknown : cluster.Refusal(_city)) is { } refusal)
            {
                await error.WriteLineAsync(refusal);
                return 2;
            }

            var store = new CredentialStore(database);
            if (_clerk is not { } clerk)
            {
                var (clientId, secret) = await store.CreateCityCredentialAsync(_city, cancellationToken);
                await output.WriteLineAsync($"City-system credential for {_city.Value} ({_city.EnglishName}) on cluster {cluster}. The secret is shown only now: store it in the city system's vault.");
                await output.WriteLineAsync($"client_id={clientId}");
                await output.WriteLineAsync($"client_secret={secret}");
                return 0;
            }

            var (login, password) = await store.CreateClerkAsync(_city, clerk.User, clerk.Role, cancellationToken);
            await output.WriteLineAsync($"Clerk account of agency {_city.Value} ({_city.EnglishName}) on cluster {cluster}, role {clerk.Role}. The password is shown only now.");
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

    /// <summary>
    /// The cluster as the API host knows it (<c>JinBao:Api:ClusterId</c>), else as its silos recorded it in the database
    /// (Orleans' membership version table: deployment id = cluster id); otherwise why it is unknown.
    /// </summary>
    internal static async Task<(AdminCluster? Cluster, string? Unknown)> FindClusterAsync(
        IConfiguration configuration, ApiDatabase database, CancellationToken cancellationToken)
    {
        var configured = configuration[$"{ApiOptions.SectionName}:{nameof(ApiOptions.ClusterId)}"];
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return (new AdminCluster(configured.Trim()), null);
        }

        await using var command = database.DataSource.CreateCommand("SELECT deploymentid FROM orleans_membership_version ORDER BY deploymentid");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var recorded = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            recorded.Add(reader.GetString(0));
        }

        return recorded switch
        {
            [var only] => (new AdminCluster(only), null),
            [] => (null, "Which cluster this database belongs to is not known: JinBao__Api__ClusterId is not set and no silo has joined a cluster "
                + "here yet. Set JinBao__Api__ClusterId (e.g. prov-440000; .jinbao/env/<cluster>.env sets it), or start the cluster's silos first."),
            _ => (null, $"This database holds several clusters ({string.Join(", ", recorded)}): set JinBao__Api__ClusterId to the one the API serves."),
        };
    }
}
