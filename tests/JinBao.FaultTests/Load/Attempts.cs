using System.Collections.Concurrent;

namespace JinBao.FaultTests.Load;

/// <summary>
/// Every attempt every client made, counted under the phase running when it was answered: how many server errors
/// (other than 503, the documented "retry" answer), 503s and unanswered attempts each fault caused.
/// </summary>
public sealed class Attempts
{
    private readonly ConcurrentDictionary<string, Counts> _byPhase = new(StringComparer.Ordinal);

    /// <summary>The phase attempts are counted under now.</summary>
    public string Phase { get; set; } = "setup";

    public void Record(int? status)
    {
        var counts = _byPhase.GetOrAdd(Phase, _ => new Counts());
        switch (status)
        {
            case null:
                Interlocked.Increment(ref counts.NoAnswer);
                break;
            case 503:
                Interlocked.Increment(ref counts.Unavailable);
                break;
            case >= 500:
                Interlocked.Increment(ref counts.ServerErrors);
                break;
        }
    }

    public Counts Of(string phase) => _byPhase.GetOrAdd(phase, _ => new Counts());

    /// <summary>Attempt counts of one phase (fields, so they can be incremented atomically).</summary>
    public sealed class Counts
    {
        public long ServerErrors;
        public long Unavailable;
        public long NoAnswer;
    }
}
