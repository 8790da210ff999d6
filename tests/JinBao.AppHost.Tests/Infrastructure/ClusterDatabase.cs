using Npgsql;

namespace JinBao.AppHost.Tests.Infrastructure;

/// <summary>
/// A cluster's database as an operator reaches it: through the connection string the AppHost writes to
/// <c>&lt;data folder&gt;/env/&lt;cluster&gt;.env</c> (the file the README tells operators to source).
/// </summary>
public static class ClusterDatabase
{
    public static string ConnectionString(string dataFolder, string clusterId)
    {
        var line = File.ReadAllLines(Path.Combine(dataFolder, "env", clusterId + ".env"))
            .Single(l => l.StartsWith("ConnectionStrings__jinbao=", StringComparison.Ordinal));
        return line["ConnectionStrings__jinbao=".Length..].Trim('\'');
    }

    /// <summary>The first value of <paramref name="sql"/>, or null when it returns no row.</summary>
    public static async Task<string?> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (await command.ExecuteScalarAsync())?.ToString();
    }

    /// <summary>Polls <paramref name="sql"/> until it returns a value.</summary>
    public static async Task<string> WaitForAsync(string connectionString, string sql, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                if (await ScalarAsync(connectionString, sql) is { Length: > 0 } value)
                {
                    return value;
                }
            }
            catch (NpgsqlException) when (DateTime.UtcNow < deadline)
            {
                // not migrated or not up yet
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException($"Waited {timeout.TotalSeconds} s for {what}.");
            }

            await Task.Delay(TimeSpan.FromSeconds(2));
        }
    }
}
