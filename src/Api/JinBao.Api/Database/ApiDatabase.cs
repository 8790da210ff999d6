using Npgsql;

namespace JinBao.Api.Database;

/// <summary>The cluster's PostgreSQL database (<c>ConnectionStrings:jinbao</c>), where the API keeps its own tables.</summary>
public sealed class ApiDatabase(NpgsqlDataSource dataSource) : IAsyncDisposable
{
    public const string ConnectionStringName = "jinbao";

    /// <summary>The tables of <c>db/migrations/0004_api.sql</c>, <c>0012_workbench.sql</c>, <c>0014_case_handling.sql</c> and <c>0016_citizen_credentials.sql</c>; the API serves only when all exist.</summary>
    public static readonly IReadOnlyList<string> Tables =
    [
        "jinbao_api_city_credentials",
        "jinbao_api_clerks",
        "jinbao_api_signing_keys",
        "jinbao_api_idempotency",
        "jinbao_api_audit",
        "jinbao_api_sign_ins",
        "jinbao_api_documents",
        "jinbao_api_case_handling",
        "jinbao_api_citizen_credentials",
    ];

    public NpgsqlDataSource DataSource => dataSource;

    /// <summary>The API tables that do not exist yet (empty once the silo has applied the migrations).</summary>
    public async Task<IReadOnlyList<string>> MissingTablesAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT t FROM unnest(@tables) AS t WHERE to_regclass(t) IS NULL");
        command.Parameters.AddWithValue("tables", Tables.ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var missing = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            missing.Add(reader.GetString(0));
        }

        return missing;
    }

    public static string MissingTablesMessage(IReadOnlyList<string> missing) =>
        $"The API tables ({string.Join(", ", missing)}) do not exist yet: db/migrations (0004_api.sql, 0012_workbench.sql, 0014_case_handling.sql, 0016_citizen_credentials.sql) have not been applied to this "
        + "database. Start a silo against it once (silos apply db/migrations at start) and the API becomes ready by itself.";

    public ValueTask DisposeAsync() => dataSource.DisposeAsync();
}
