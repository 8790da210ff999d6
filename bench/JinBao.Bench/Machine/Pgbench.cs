using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

using Npgsql;

namespace JinBao.Bench.Machine;

/// <summary>What pgbench got from one script: transactions per second, mean latency and WAL bytes per transaction.</summary>
public sealed record PgbenchResult(string Script, int Clients, double PerSecond, double MeanLatencyMs, double WalBytesPerTransaction);

/// <summary>
/// The machine's own limit, measured in the same run on the same server: pgbench with a single-row upsert (one durable
/// commit per transaction) and a point select, at the scenarios' client count.
/// </summary>
public static partial class Pgbench
{
    private const int Rows = 100_000;

    private const string UpsertScript = """
        \set id random(1, 100000)
        INSERT INTO bench_kv (id, v) VALUES (:id, 1) ON CONFLICT (id) DO UPDATE SET v = bench_kv.v + 1;
        """;

    private const string SelectScript = """
        \set id random(1, 100000)
        SELECT v FROM bench_kv WHERE id = :id;
        """;

    public static async Task<(PgbenchResult Upsert, PgbenchResult Select)> RunAsync(string databaseConnectionString, int clients, TimeSpan duration)
    {
        await BenchSql.ExecuteAsync(databaseConnectionString, $"""
            CREATE TABLE IF NOT EXISTS bench_kv (id int PRIMARY KEY, v bigint NOT NULL);
            INSERT INTO bench_kv SELECT g, 0 FROM generate_series(1, {Rows}) g ON CONFLICT DO NOTHING;
            """);
        await BenchSql.ExecuteAsync(databaseConnectionString, "VACUUM ANALYZE bench_kv");
        var upsert = await RunScriptAsync(databaseConnectionString, "single-row upsert", UpsertScript, clients, duration);
        var select = await RunScriptAsync(databaseConnectionString, "point select", SelectScript, clients, duration);
        return (upsert, select);
    }

    private static async Task<PgbenchResult> RunScriptAsync(string connectionString, string name, string script, int clients, TimeSpan duration)
    {
        var file = Path.Combine(Path.GetTempPath(), $"jinbao-pgbench-{Guid.NewGuid():N}.sql");
        await File.WriteAllTextAsync(file, script + "\n");
        try
        {
            var server = new NpgsqlConnectionStringBuilder(connectionString);
            var walBefore = await BenchSql.WalPositionAsync(connectionString);
            var output = await RunPgbenchAsync(
            [
                "-n", "-c", Text(clients), "-j", Text(Math.Min(clients, Environment.ProcessorCount)),
                "-T", Text((int)duration.TotalSeconds), "-f", file,
                "-h", server.Host!, "-p", Text(server.Port), "-U", server.Username!, server.Database!,
            ]);
            var walBytes = await BenchSql.WalPositionAsync(connectionString) - walBefore;
            var tps = Number(TpsPattern().Match(output), output);
            var transactions = Number(TransactionsPattern().Match(output), output);
            return new PgbenchResult(name, clients, tps, Number(LatencyPattern().Match(output), output), transactions > 0 ? walBytes / transactions : 0);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static async Task<string> RunPgbenchAsync(IReadOnlyList<string> arguments)
    {
        var startInfo = new ProcessStartInfo(PgbenchPath()) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException("Could not start pgbench.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var output = await stdout + await stderr;
        return process.ExitCode == 0 ? output : throw new InvalidOperationException($"pgbench failed (exit {process.ExitCode}):\n{output}");
    }

    /// <summary>pgbench of the server's own major version when installed beside it, else the one on PATH.</summary>
    private static string PgbenchPath() =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.EnumerateDirectories("/usr/lib/postgresql")
                .Select(directory => Path.Combine(directory, "bin", "pgbench"))
                .Where(File.Exists)
                .OrderDescending(StringComparer.Ordinal)
                .FirstOrDefault() ?? "pgbench"
            : "pgbench";

    private static double Number(Match match, string output) => match.Success
        ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture)
        : throw new InvalidOperationException($"Unexpected pgbench output:\n{output}");

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex(@"tps = ([0-9.]+)")]
    private static partial Regex TpsPattern();

    [GeneratedRegex(@"latency average = ([0-9.]+) ms")]
    private static partial Regex LatencyPattern();

    [GeneratedRegex(@"number of transactions actually processed: ([0-9]+)")]
    private static partial Regex TransactionsPattern();
}
