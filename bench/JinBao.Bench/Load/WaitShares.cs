namespace JinBao.Bench.Load;

/// <summary>Summaries of a phase's PostgreSQL wait profile.</summary>
public static class WaitShares
{
    /// <summary>Share of active-backend samples waiting on writing or flushing WAL: commits waiting for the disk.</summary>
    public static double Wal(this PhaseMeasurement phase) =>
        phase.Waits.Where(w => w.Wait.StartsWith("LWLock:WAL", StringComparison.Ordinal) || w.Wait.StartsWith("IO:WAL", StringComparison.Ordinal)).Sum(w => w.Share);
}
