using System.Data.Common;

using Npgsql;

namespace JinBao.ServiceDefaults;

/// <summary>
/// How a JinBao process connects to its cluster's database. Each default below applies unless the operator's connection
/// string names that setting itself.
/// <list type="bullet">
/// <item><b>At most 20 connections per pool.</b> Npgsql's default of 100 per pool let every process of a province open
/// hundreds when a database came back after an outage and the retries of every client arrived at once: the fault suite
/// saw the server refuse connections (53300 too many clients) for most of a minute, which slowed recovery and failed
/// requests that had nothing to do with the outage. A bounded pool makes a burst wait for a connection instead.</item>
/// <item><b>Statements prepared on the server once they repeat</b> (<c>Max Auto Prepare</c>). A silo sends the same few
/// dozen statements all day; unprepared, PostgreSQL parsed and planned each one every time: a CPU profile of the
/// transfer benchmark found a quarter of PostgreSQL's time in parse, analysis and planning.</item>
/// <item><b>No session reset when a connection goes back to the pool</b> (<c>No Reset On Close</c>). JinBao sets no
/// session state (no <c>SET</c>, no <c>LISTEN</c>, no session advisory locks; an open transaction is still rolled back),
/// so the reset was a round trip of pure cost per checkout, and it would drop the prepared statements.</item>
/// </list>
/// </summary>
public static class DatabasePools
{
    public const int DefaultMaximumPoolSize = 20;

    /// <summary>Distinct statements each connection keeps prepared: more than JinBao's hot statements, grain storage's included.</summary>
    public const int DefaultMaxAutoPrepare = 100;

    /// <summary>The connection string with JinBao's defaults for what it does not name; unchanged when empty.</summary>
    public static string? WithDefaults(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return connectionString;
        }

        var named = Named(connectionString);
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!named.Overlaps(["maximumpoolsize", "maxpoolsize"]))
        {
            builder.MaxPoolSize = DefaultMaximumPoolSize;
        }

        if (!named.Contains("maxautoprepare"))
        {
            builder.MaxAutoPrepare = DefaultMaxAutoPrepare;
        }

        if (!named.Contains("noresetonclose"))
        {
            builder.NoResetOnClose = true;
        }

        return builder.ConnectionString;
    }

    // The keys as written (Npgsql's own builder reports every keyword it knows, set or not), lower case without spaces.
    private static HashSet<string> Named(string connectionString) =>
        new DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>()
            .Select(key => key.Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant())
            .ToHashSet(StringComparer.Ordinal);
}
