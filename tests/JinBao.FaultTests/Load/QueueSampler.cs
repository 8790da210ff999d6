using System.Collections.Concurrent;

using Npgsql;

namespace JinBao.FaultTests.Load;

/// <summary>
/// Every second, the health query an operator runs on each cluster's database (documents waiting in the outbox, and
/// for how long): the most waiting at once and the oldest, per phase. During a database fault it reads nothing,
/// as the operator's query would. Also the server's client connections, all clusters together (a limit every
/// process shares).
/// </summary>
public sealed class QueueSampler : IAsyncDisposable
{
    private const string HealthQuery =
        "SELECT count(*), coalesce(extract(epoch FROM now() - min(created_at)), 0)::float8, " +
        "(SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend') FROM jinbao_outbox WHERE delivered_at IS NULL";

    private readonly IReadOnlyList<string> _databases;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<string, Peak> _byPhase = new(StringComparer.Ordinal);
    private readonly Task _loop;

    public QueueSampler(IReadOnlyList<string> databases, Func<string> phase)
    {
        _databases = [.. databases.Select(d => new NpgsqlConnectionStringBuilder(d) { Timeout = 2, CommandTimeout = 2, Pooling = false }.ConnectionString)];
        _loop = LoopAsync(phase);
    }

    /// <summary>The most documents waiting at once in any cluster during the phase, and the longest wait seen.</summary>
    public Peak Of(string phase) => _byPhase.GetOrAdd(phase, _ => new Peak());

    private async Task LoopAsync(Func<string> phase)
    {
        while (!_stop.IsCancellationRequested)
        {
            foreach (var database in _databases)
            {
                try
                {
                    await using var connection = new NpgsqlConnection(database);
                    await connection.OpenAsync(_stop.Token);
                    await using var command = new NpgsqlCommand(HealthQuery, connection);
                    await using var reader = await command.ExecuteReaderAsync(_stop.Token);
                    await reader.ReadAsync(_stop.Token);
                    _byPhase.GetOrAdd(phase(), _ => new Peak()).Add(reader.GetInt64(0), TimeSpan.FromSeconds(reader.GetDouble(1)), reader.GetInt64(2));
                }
                catch (Exception exception) when (exception is NpgsqlException or OperationCanceledException or TimeoutException)
                {
                    // The database is down (a fault) or the run is over.
                }
            }

            try
            {
                await Task.Delay(TimeSpan.FromSeconds(1), _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }

    /// <summary>Peaks of one phase.</summary>
    public sealed class Peak
    {
        private readonly Lock _gate = new();

        public long MostWaiting { get; private set; }

        public TimeSpan OldestWait { get; private set; }

        /// <summary>The most client connections the server had at once.</summary>
        public long MostConnections { get; private set; }

        public void Add(long waiting, TimeSpan oldest, long connections)
        {
            lock (_gate)
            {
                MostWaiting = Math.Max(MostWaiting, waiting);
                MostConnections = Math.Max(MostConnections, connections);
                OldestWait = oldest > OldestWait ? oldest : OldestWait;
            }
        }
    }
}
