using System.Diagnostics;

namespace JinBao.Bench.Load;

/// <summary>
/// Operations issued on a fixed schedule whatever the system's answers (like hospitals at discharge time): latency
/// counts from when an operation was due, so a stalled system is charged for the wait (no coordinated omission).
/// </summary>
public static class OpenLoop
{
    /// <summary>
    /// More than a quarter second of the rate in flight means latency is already far past any target: the system has
    /// fallen behind, so further operations are shed (and counted) instead of queueing without bound.
    /// </summary>
    private const double MaxInFlightSeconds = 0.25;

    private static readonly TimeSpan DrainLimit = TimeSpan.FromSeconds(15);

    public static async Task<LoadResult> RunAsync(double perSecond, TimeSpan duration, Func<long, Task> operation)
    {
        var latencies = new Latencies();
        long issued = 0, completed = 0, failed = 0, shed = 0, inFlight = 0;
        string? firstError = null;
        var running = new List<Task>();
        var maxInFlight = Math.Max(64, (long)(perSecond * MaxInFlightSeconds));
        var clock = Stopwatch.StartNew();

        async Task OneAsync(long sequence, TimeSpan due)
        {
            try
            {
                await operation(sequence);
                latencies.Record(clock.Elapsed - due);
                Interlocked.Increment(ref completed);
            }
            catch (Exception exception)
            {
                Interlocked.Increment(ref failed);
                Interlocked.CompareExchange(ref firstError, $"{exception.GetType().Name}: {exception.Message}", null);
            }
            finally
            {
                Interlocked.Decrement(ref inFlight);
            }
        }

        while (clock.Elapsed < duration)
        {
            var dueByNow = (long)(clock.Elapsed.TotalSeconds * perSecond);
            for (; issued < dueByNow; issued++)
            {
                if (Interlocked.Read(ref inFlight) >= maxInFlight)
                {
                    shed++;
                    continue;
                }

                Interlocked.Increment(ref inFlight);
                running.Add(OneAsync(issued, TimeSpan.FromSeconds(issued / perSecond)));
            }

            running.RemoveAll(task => task.IsCompleted);
            await Task.Delay(1);
        }

        await Task.WhenAny(Task.WhenAll(running), Task.Delay(DrainLimit));
        var elapsed = clock.Elapsed;
        var unfinished = Interlocked.Read(ref inFlight);
        return new LoadResult(completed, failed + unfinished, elapsed, latencies, perSecond, shed,
            firstError ?? (unfinished > 0 ? $"{unfinished} still in flight {DrainLimit.TotalSeconds:0} s after the schedule ended" : null));
    }
}
