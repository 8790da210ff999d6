using System.Data.Common;

using Npgsql;

namespace JinBao.ServiceDefaults;

/// <summary>
/// How many connections a JinBao process may open to its cluster's database: 20 per pool unless the connection string
/// says otherwise (<c>Maximum Pool Size=…</c>). Npgsql's default of 100 per pool let every process of a province open
/// hundreds when a database came back after an outage and the retries of every client arrived at once: the fault suite
/// saw the server refuse connections (53300 too many clients) for most of a minute, which slowed recovery and failed
/// requests that had nothing to do with the outage. A bounded pool makes a burst wait for a connection instead.
/// </summary>
public static class DatabasePools
{
    public const int DefaultMaximumPoolSize = 20;

    /// <summary>The connection string with the default bound when it names none; unchanged otherwise (or when empty).</summary>
    public static string? Bounded(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString) || NamesPoolSize(connectionString))
        {
            return connectionString;
        }

        return new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = DefaultMaximumPoolSize }.ConnectionString;
    }

    // The keys as written (Npgsql's own builder reports every keyword it knows, set or not).
    private static bool NamesPoolSize(string connectionString) =>
        new DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>()
            .Select(key => key.Replace(" ", "", StringComparison.Ordinal))
            .Any(key => key.Equals("MaximumPoolSize", StringComparison.OrdinalIgnoreCase) || key.Equals("MaxPoolSize", StringComparison.OrdinalIgnoreCase));
}
