using System.Globalization;

namespace JinBao.Bench.Machine;

/// <summary>
/// Where PostgreSQL's time goes during a phase: the statements with the most execution time (pg_stat_statements) and
/// what active backends were waiting on, sampled every 100 ms (sampling costs: pg_stat_activity is not free on a loaded server) from pg_stat_activity.
/// </summary>
public sealed class PostgresProfile : IAsyncDisposable
{
    private readonly string _connectionString;
    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<string, int> _waits = [];
    private readonly Task _sampler;
    private int _samples;

    private PostgresProfile(string connectionString)
    {
        _connectionString = connectionString;
        _sampler = SampleAsync();
    }

    /// <summary>Resets the statement counters and starts sampling wait events.</summary>
    public static async Task<PostgresProfile> StartAsync(string serverConnectionString)
    {
        await BenchSql.ExecuteAsync(serverConnectionString, "CREATE EXTENSION IF NOT EXISTS pg_stat_statements; SELECT pg_stat_statements_reset();");
        return new PostgresProfile(serverConnectionString);
    }

    /// <summary>Stops sampling; returns the wait profile (share of active-backend samples) and the top statements.</summary>
    public async Task<(IReadOnlyList<(string Wait, double Share)> Waits, IReadOnlyList<(string Query, double Calls, double TotalMs, double MeanMs)> Statements)> StopAsync()
    {
        await _stop.CancelAsync();
        await _sampler;
        var total = Math.Max(1, _waits.Values.Sum());
        var waits = _waits.OrderByDescending(w => w.Value).Take(6).Select(w => (w.Key, (double)w.Value / total)).ToList();
        var rows = await BenchSql.RowsAsync(_connectionString, """
            SELECT left(regexp_replace(query, '\s+', ' ', 'g'), 90), calls, total_exec_time, mean_exec_time
            FROM pg_stat_statements
            WHERE query NOT LIKE '%pg_stat_activity%' AND query NOT LIKE '%pg_stat_statements%'
            ORDER BY total_exec_time DESC LIMIT 6
            """);
        var statements = rows.Select(r => ((string)r[0], Convert.ToDouble(r[1], CultureInfo.InvariantCulture), (double)r[2], (double)r[3])).ToList();
        return (waits, statements);
    }

    public int Samples => _samples;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _sampler;
        _stop.Dispose();
    }

    private async Task SampleAsync()
    {
        await Task.Yield();
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var rows = await BenchSql.RowsAsync(_connectionString, """
                    SELECT coalesce(wait_event_type || ':' || wait_event, 'CPU (not waiting)')
                    FROM pg_stat_activity WHERE state = 'active' AND backend_type = 'client backend' AND pid <> pg_backend_pid()
                    """);
                foreach (var row in rows)
                {
                    var wait = (string)row[0];
                    _waits[wait] = _waits.GetValueOrDefault(wait) + 1;
                }

                _samples++;
                await Task.Delay(100, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
