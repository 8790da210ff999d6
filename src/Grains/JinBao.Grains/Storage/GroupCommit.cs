using System.Collections.Concurrent;

using JinBao.Telemetry;

using Microsoft.Extensions.Logging;

using Npgsql;

namespace JinBao.Storage;

/// <summary>
/// Commits the writes of many grains of this silo together: each write (a grain's state and the effects it decided,
/// or effects alone) waits in a queue, and a free connection takes everything queued into one batch, which PostgreSQL
/// runs as one implicit transaction: one round trip and one durable commit (fsync) for the lot. A write's caller is
/// answered only after that commit, so a silo that dies mid-batch loses nothing anybody was told was done.
/// <para>
/// When one write of a batch fails (a version conflict, a constraint), the transaction rolls back, that write alone is
/// failed, and the others are sent again without it: one grain's bad write never fails another grain's.
/// </para>
/// <para>
/// A lone write goes at once (there is no timer); batches form only while the connections are busy, so batching costs
/// no latency when the silo is idle and saves commits when it is not.
/// </para>
/// </summary>
public sealed partial class GroupCommit(NpgsqlDataSource dataSource, ILogger<GroupCommit> logger)
{
    /// <summary>
    /// Transactions in flight per silo. Few on purpose: a waiting write joins the next batch rather than opening another
    /// transaction, and each transaction costs a commit. Two keep one batch filling while the other commits.
    /// </summary>
    public const int TransactionsInFlight = 2;

    /// <summary>An upper bound on a batch, so one transaction stays short.</summary>
    public const int MaxWritesPerBatch = 128;

    /// <summary>The SQLSTATE raised by <c>jinbao_expect_state_written</c> (migration 0009) when a state write found another version.</summary>
    public const string VersionConflictState = "JB409";

    private readonly ConcurrentQueue<PendingWrite> _queue = new();
    private int _inFlight;

    /// <summary>Commits <paramref name="statements"/> in one transaction with other grains' writes, or fails them all.</summary>
    /// <returns>The rows each statement affected, in order.</returns>
    /// <exception cref="PostgresException">A statement of this write failed (SQLSTATE <see cref="VersionConflictState"/>: a state version conflict).</exception>
    /// <exception cref="NpgsqlException">The database did not answer; whether the batch committed is unknown.</exception>
    public Task<int[]> CommitAsync(IReadOnlyList<Statement> statements)
    {
        if (statements.Count == 0)
        {
            return Task.FromResult(Array.Empty<int>());
        }

        var write = new PendingWrite(statements);
        _queue.Enqueue(write);
        StartFlushes();
        return write.Done.Task;
    }

    private void StartFlushes()
    {
        while (!_queue.IsEmpty)
        {
            var inFlight = Volatile.Read(ref _inFlight);
            if (inFlight >= TransactionsInFlight)
            {
                return; // a running flush takes what is queued when it finishes
            }

            if (Interlocked.CompareExchange(ref _inFlight, inFlight + 1, inFlight) == inFlight)
            {
                // Off the calling grain's scheduler: the batch serves many grains.
                _ = Task.Run(FlushAsync);
            }
        }
    }

    private async Task FlushAsync()
    {
        try
        {
            var batch = new List<PendingWrite>();
            while (batch.Count < MaxWritesPerBatch && _queue.TryDequeue(out var write))
            {
                batch.Add(write);
            }

            while (batch.Count > 0)
            {
                batch = await CommitOnceAsync(batch).ConfigureAwait(false);
            }
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
            StartFlushes();
        }
    }

    /// <summary>Runs the batch; returns the writes to send again (the batch without the one that failed), or none.</summary>
    private async Task<List<PendingWrite>> CommitOnceAsync(List<PendingWrite> writes)
    {
        var commands = new List<(PendingWrite Write, NpgsqlBatchCommand Command)>();
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync().ConfigureAwait(false);
            await using var batch = new NpgsqlBatch(connection); // no explicit transaction: PostgreSQL runs the batch as one
            foreach (var write in writes)
            {
                foreach (var statement in write.Statements)
                {
                    var command = statement.ToCommand();
                    commands.Add((write, command));
                    batch.BatchCommands.Add(command);
                }
            }

            await batch.ExecuteNonQueryAsync().ConfigureAwait(false);
        }
        catch (NpgsqlException exception) when (writes.Count > 1 && commands.FirstOrDefault(c => c.Command == exception.BatchCommand).Write is { } culprit)
        {
            LogWriteFailedInBatch(exception, writes.Count);
            culprit.Done.TrySetException(exception);
            return writes.Where(write => write != culprit).ToList();
        }
        catch (Exception exception)
        {
            foreach (var write in writes)
            {
                write.Done.TrySetException(exception);
            }

            return [];
        }

        JinBaoTelemetry.WritesPerCommit.Record(writes.Count);
        foreach (var group in commands.GroupBy(c => c.Write))
        {
            group.Key.Done.TrySetResult(group.Select(c => checked((int)c.Command.RecordsAffected)).ToArray());
        }

        return [];
    }

    private sealed class PendingWrite(IReadOnlyList<Statement> statements)
    {
        public IReadOnlyList<Statement> Statements { get; } = statements;

        public TaskCompletionSource<int[]> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "One write of a batch of {Writes} failed; the others are sent again without it")]
    private partial void LogWriteFailedInBatch(Exception exception, int writes);
}
