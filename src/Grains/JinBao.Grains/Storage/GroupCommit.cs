using System.Collections.Concurrent;

using JinBao.Grains.Telemetry;

using Microsoft.Extensions.Logging;

using Npgsql;

namespace JinBao.Grains.Storage;

/// <summary>
/// Commits the writes of many grains of this silo together: each write (a grain's state and the effects it decided,
/// or effects alone) waits in a queue, and a free connection takes everything queued into one batch, which PostgreSQL
/// runs as one implicit transaction: one round trip and one durable commit (fsync) for the lot. A write's caller is
/// answered only after that commit, so a silo that dies mid-batch loses nothing anybody was told was done.
/// <para>
/// When one write of a batch fails (a version conflict, a constraint), the transaction rolls back and the batch is
/// sent again as two halves, each halved again while it fails, so the bad write ends alone: a write is failed only by a
/// transaction that held nothing but it, and one grain's bad write never fails another grain's. (Halving, because the
/// error does not say which write it came from: Npgsql 10 leaves <see cref="PostgresException.BatchCommand"/> unset
/// for a batch's statements.)
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

            await CommitAsync(batch).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
            StartFlushes();
        }
    }

    /// <summary>Commits <paramref name="writes"/> together; if that fails on a statement, commits them again in parts.</summary>
    private async Task CommitAsync(List<PendingWrite> writes)
    {
        if (writes.Count == 0 || await CommitOnceAsync(writes).ConfigureAwait(false) is not { } failure)
        {
            return;
        }

        LogWriteFailedInBatch(failure, writes.Count);
        await CommitAsync(writes[..(writes.Count / 2)]).ConfigureAwait(false);
        await CommitAsync(writes[(writes.Count / 2)..]).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs the batch in one transaction and answers its writes; or, when a statement failed and the batch held more
    /// than one write, answers none of them and returns the failure, for the caller to split the batch.
    /// </summary>
    private async Task<PostgresException?> CommitOnceAsync(List<PendingWrite> writes)
    {
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync().ConfigureAwait(false);
            await using var batch = new NpgsqlBatch(connection); // no explicit transaction: PostgreSQL runs the batch as one
            foreach (var write in writes)
            {
                write.Commands = write.Statements.Select(statement => statement.ToCommand()).ToArray();
                foreach (var command in write.Commands)
                {
                    batch.BatchCommands.Add(command);
                }
            }

            try
            {
                await batch.ExecuteNonQueryAsync().ConfigureAwait(false);
            }
            catch (PostgresException exception) when (writes.Count > 1 && !exception.IsTransient)
            {
                return exception; // a statement failed, so nothing committed
            }
        }
        catch (Exception exception)
        {
            // A lone write's own failure, or the database failed or did not answer (then whether it committed is unknown).
            foreach (var write in writes)
            {
                write.Done.TrySetException(exception);
            }

            return null;
        }

        JinBaoTelemetry.WritesPerCommit.Record(writes.Count);
        foreach (var write in writes)
        {
            write.Done.TrySetResult(write.Commands.Select(command => checked((int)command.RecordsAffected)).ToArray());
        }

        return null;
    }

    private sealed class PendingWrite(IReadOnlyList<Statement> statements)
    {
        public IReadOnlyList<Statement> Statements { get; } = statements;

        /// <summary>The commands of the latest attempt to commit this write.</summary>
        public NpgsqlBatchCommand[] Commands { get; set; } = [];

        public TaskCompletionSource<int[]> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "A statement of a batch of {Writes} writes failed; the batch is sent again in halves")]
    private partial void LogWriteFailedInBatch(Exception exception, int writes);
}
