using System.Diagnostics;

namespace JinBao.Bench.Load;

/// <summary>
/// A fixed number of clients, each issuing its next operation as soon as the previous one answers: the throughput a
/// system gives at that concurrency, and the latency at that throughput.
/// </summary>
public static class ClosedLoop
{
    /// <param name="clients">Concurrent clients.</param>
    /// <param name="duration">Stop issuing after this long.</param>
    /// <param name="maxOperations">Stop issuing after this many (a pool of prepared inputs).</param>
    /// <param name="operation">One operation; its argument is a sequence number unique within the phase.</param>
    public static async Task<LoadResult> RunAsync(int clients, TimeSpan duration, long maxOperations, Func<long, Task> operation)
    {
        var latencies = new Latencies();
        long next = -1, completed = 0, failed = 0;
        string? firstError = null;
        var clock = Stopwatch.StartNew();

        async Task ClientAsync()
        {
            await Task.Yield();
            while (clock.Elapsed < duration)
            {
                var sequence = Interlocked.Increment(ref next);
                if (sequence >= maxOperations)
                {
                    return;
                }

                var started = clock.Elapsed;
                try
                {
                    await operation(sequence);
                    latencies.Record(clock.Elapsed - started);
                    Interlocked.Increment(ref completed);
                }
                catch (Exception exception)
                {
                    Interlocked.Increment(ref failed);
                    Interlocked.CompareExchange(ref firstError, $"{exception.GetType().Name}: {exception.Message}", null);
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => ClientAsync()));
        return new LoadResult(completed, failed, clock.Elapsed, latencies, FirstError: firstError);
    }
}
