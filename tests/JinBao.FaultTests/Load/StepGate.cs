namespace JinBao.FaultTests.Load;

/// <summary>
/// Holds a burst of journeys just before one step (e.g. <c>approve</c>) until the fault is about to strike, so that
/// the fault meets many requests of that step in flight instead of whichever happened to run at that moment.
/// </summary>
public sealed class StepGate(string step, int expected)
{
    private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _allArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _arrived;

    public string Step => step;

    /// <summary>How many journeys reached the gate (a journey refused before it never arrives).</summary>
    public int Arrived => Volatile.Read(ref _arrived);

    /// <summary>Called by a journey before <see cref="Step"/>: waits until the gate opens.</summary>
    public Task PassAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref _arrived) == expected)
        {
            _allArrived.TrySetResult();
        }

        return _open.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Waits until every journey of the burst has arrived, or the timeout passed (some were refused or slow).</summary>
    public Task WaitForArrivalsAsync(TimeSpan timeout) => Task.WhenAny(_allArrived.Task, Task.Delay(timeout));

    public void Open() => _open.TrySetResult();
}
