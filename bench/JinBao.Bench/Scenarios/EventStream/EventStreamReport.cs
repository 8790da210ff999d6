using System.Globalization;

using JinBao.Bench.Load;
using JinBao.Bench.Machine;
using JinBao.Bench.Report;
using JinBao.Grains.Supervision;
using JinBao.Medical;

namespace JinBao.Bench.Scenarios.EventStream;

/// <summary>The comparison's rows (JinBao column: stream on; baseline column: the same JinBao with it off) and where the difference goes.</summary>
public static class EventStreamReport
{
    public const string Scenario = "medical settlement, stream on vs off";

    public const string Section = "Where the time goes: business-event stream";

    public static void Write(BenchmarkReport report, EventStreamPhase on1, EventStreamPhase off, EventStreamPhase on2, CatchUp afterOff, double warmUpSeconds)
    {
        var on = Combine(on1.Measurement, on2.Measurement);
        var o = off.Measurement;
        var settlements = on1.Load.Completed + on2.Load.Completed;
        report.Add(new Figure(Scenario, "completed (closed loop, 16 clients)", "/s", on.Load.PerSecond, o.Load.PerSecond, LimitComparison.UpsertRate,
            $"baseline column: the same JinBao with `Supervision:Stream=off`; on = {N(on1.Load.PerSecond)} /s before and {N(on2.Load.PerSecond)} /s after the off phase; {settlements:N0} / {o.Load.Completed:N0} settlements{Failures(on, o)}"));
        report.Add(new Figure(Scenario, "p50 at that load", "ms", on.Load.P50, o.Load.P50, LimitComparison.UpsertLatency,
            $"on − off = {Signed(on.Load.P50 - o.Load.P50)} ms (on: {N(on1.Load.P50)} then {N(on2.Load.P50)} ms)"));
        report.Add(new Figure(Scenario, "p99 at that load", "ms", on.Load.P99, o.Load.P99, LimitComparison.UpsertLatency,
            $"on − off = {Signed(on.Load.P99 - o.Load.P99)} ms (on: {N(on1.Load.P99)} then {N(on2.Load.P99)} ms)"));
        report.Add(new Figure(Scenario, "write transactions per op", "", on.WritesPerOperation.WriteTransactions, o.WritesPerOperation.WriteTransactions, LimitComparison.Commits));
        report.Add(new Figure(Scenario, "WAL per op", "bytes", on.WritesPerOperation.WalBytes, o.WritesPerOperation.WalBytes, LimitComparison.UpsertWal));
        report.Add(new Figure(Scenario, "CPU per op, .NET (driver + silos)", "ms", on.CpuPerOperation.Process * 1000, o.CpuPerOperation.Process * 1000, LimitComparison.None));
        report.Add(new Figure(Scenario, "CPU per op, PostgreSQL", "ms", on.CpuPerOperation.Postgres * 1000, o.CpuPerOperation.Postgres * 1000, LimitComparison.None));
        report.Add(new Figure(Scenario, "business events written per settlement", "", EventsPerSettlement(on1, on2), (double)off.EventsWritten / Math.Max(1, off.Load.Completed), LimitComparison.None,
            "rows of `jinbao_events`, in the settlement's own transaction: written the same either way"));
        report.Add(new Figure(Scenario, "supervision grain: deliveries (state writes) per 1,000 settlements", "", 1000.0 * (on1.Deliveries + on2.Deliveries) / Math.Max(1, settlements),
            1000.0 * off.Deliveries / Math.Max(1, off.Load.Completed), LimitComparison.None,
            $"one batch of ≤ {BusinessEvents.BatchSize} events per delivery: {on1.Deliveries + on2.Deliveries:N0} deliveries in {on.WallSeconds:0} s"));
        report.Add(new Figure(Scenario, "supervision grain: events counted per second in the loop", "/s", (on1.EventsCountedInLoop + on2.EventsCountedInLoop) / on.WallSeconds, off.EventsCountedInLoop / o.WallSeconds, LimitComparison.None,
            $"written {N((on1.EventsWritten + on2.EventsWritten) / on.WallSeconds)} /s (on) / {N(off.EventsWritten / o.WallSeconds)} /s (off)"));
        var (lag1, lag2) = (on1.Lag!, on2.Lag!);
        report.Add(new Figure(Scenario, "supervision grain: behind when the loop stopped", "events", Math.Max(lag1.Backlog, lag2.Backlog), null, LimitComparison.None,
            $"{lag1.Backlog:N0} / {lag2.Backlog:N0} (the two phases with the stream on)"));
        report.Add(new Figure(Scenario, "supervision grain: lag, loop stopped → all counted", "s", lag1.CaughtUp && lag2.CaughtUp ? Math.Max(lag1.Seconds, lag2.Seconds) : double.NaN, null, LimitComparison.None,
            $"{Lag(lag1)} / {Lag(lag2)}"));
        report.Add(new Figure(Scenario, "supervision grain: catch-up after the off phase (at least)", "events/s", afterOff.PerSecond, null, LimitComparison.None,
            $"the off phase's {afterOff.Backlog:N0} events, all counted {Lag(afterOff)} after the silos began to start (start-up included)"));

        report.AddSection(Section, Analysis(on1, off, on2, on, afterOff, warmUpSeconds));
    }

    private static string Analysis(EventStreamPhase on1, EventStreamPhase off, EventStreamPhase on2, PhaseMeasurement on, CatchUp afterOff, double warmUpSeconds)
    {
        var o = off.Measurement;
        var ratio = on.Load.PerSecond / Math.Max(o.Load.PerSecond, 1e-9);
        var spread = Math.Abs(on1.Load.PerSecond - on2.Load.PerSecond) / Math.Max(Math.Max(on1.Load.PerSecond, on2.Load.PerSecond), 1e-9);
        var reads = new LogReads(on1.Reads.Calls + on2.Reads.Calls, on1.Reads.TotalMs + on2.Reads.TotalMs, on1.Reads.AllStatementsMs + on2.Reads.AllStatementsMs);
        var deliveries = on1.Deliveries + on2.Deliveries;
        var written = (on1.EventsWritten + on2.EventsWritten) / on.WallSeconds;
        var counted = (on1.EventsCountedInLoop + on2.EventsCountedInLoop) / on.WallSeconds;
        var keptUp = on1.Lag!.CaughtUp && on2.Lag!.CaughtUp && Math.Max(on1.Lag.Seconds, on2.Lag.Seconds) < 2;
        return string.Create(CultureInfo.InvariantCulture, $"""
            The settlement path of the medical scenario (closed loop, 16 clients, Guangdong), with the business-event stream on (as deployed) and off (`Supervision:Stream=off` on Guangdong's silos: no pulling agent, the supervision grain counts nothing), in three phases on → off → on, each on freshly restarted Guangdong silos after a {warmUpSeconds:0} s unmeasured warm-up; every person had been settled {MedicalAccount.RecentSettlements} times before the first, so each account's state is at its full size (its {MedicalAccount.RecentSettlements} recent settlements) throughout. With the stream on JinBao completed {on.Load.PerSecond:N0} settlements/s ({on1.Load.PerSecond:N0} before the off phase, {on2.Load.PerSecond:N0} after it: the same system {spread:P0} apart, this machine's noise and drift at this scale), off {o.Load.PerSecond:N0}/s: **on ÷ off = {ratio:0.00}**, {Cost(ratio)}{(Math.Abs(1 - ratio) < spread ? "; the difference is smaller than the two on phases' spread, so within this run's noise" : "")}. p50 {on.Load.P50:0.00} vs {o.Load.P50:0.00} ms, p99 {on.Load.P99:0.0} vs {o.Load.P99:0.0} ms.

            - **Already paid before the stream, and in both columns.** Every settlement writes its business event (`medical-settled`) into `jinbao_events` in its own transaction: {EventsPerSettlement(on1, on2):0.00} rows per settlement either way. Issue 20 added the row's position (`tx`, `seq`) and one index on it (`jinbao_events_position`); they are written with the stream off too, so this comparison does not include them (they are in both columns' WAL per op: {on.WritesPerOperation.WalBytes:N0} vs {o.WritesPerOperation.WalBytes:N0} bytes).
            - **What the stream adds.** The pulling agent reads the log every 200 ms when idle (5 queries a second per cluster, each finding nothing) and, when it finds events, one batch read of ≤ 500 events, delivered to the supervision grain, which counts them and writes its state (roll-ups and position) once per delivery. During the loops with the stream on: {reads.Calls / on.WallSeconds:0.0} log reads a second, {reads.TotalMs / Math.Max(reads.Calls, 1):0.00} ms each on average, {reads.TotalMs / Math.Max(reads.AllStatementsMs, 1e-9):P1} of PostgreSQL's statement time; {deliveries:N0} deliveries, {1000.0 * deliveries / Math.Max(1, on1.Load.Completed + on2.Load.Completed):0.0} state writes of the supervision grain per 1,000 settlements. CPU per settlement {on.CpuPerOperation.Process * 1000:0.000} vs {o.CpuPerOperation.Process * 1000:0.000} ms .NET, {on.CpuPerOperation.Postgres * 1000:0.000} vs {o.CpuPerOperation.Postgres * 1000:0.000} ms PostgreSQL.
            - **Did the supervision grain keep up?** {(keptUp ? "Yes (everything counted within 2 s of a loop's end)" : "Not within 2 s of a loop's end")}: settlements wrote {written:N0} events/s, it counted {counted:N0}/s during the loops; when a loop stopped it was {on1.Lag!.Backlog:N0} and {on2.Lag!.Backlog:N0} events behind, all counted {Lag(on1.Lag)} and {Lag(on2.Lag)} later. Switched on again after the off phase, it had counted that phase's {afterOff.Backlog:N0} events {Lag(afterOff)} after Guangdong's silos began to start (their start-up and the pulling agent's included): at least {N(afterOff.PerSecond)} events/s, {N(afterOff.PerSecond / Math.Max(written, 1e-9))} × what the settlements wrote during the loops (at most {BusinessEvents.BatchSize} events per delivery, one delivery at a time).

            The stream adds no statement to a settlement's own transaction. Write transactions per settlement were {on.WritesPerOperation.WriteTransactions:0.000} on vs {o.WritesPerOperation.WriteTransactions:0.000} off: the supervision grain's own writes are {(double)deliveries / Math.Max(1, on1.Load.Completed + on2.Load.Completed):0.000} of them, the rest is how many settlements each group commit carried. What the stream costs is the machine it shares: the agent's reads and the supervision grain's counting and writes run on the same two cores and the same PostgreSQL as the settlements.
            """);
    }

    private static double EventsPerSettlement(EventStreamPhase on1, EventStreamPhase on2) =>
        (double)(on1.EventsWritten + on2.EventsWritten) / Math.Max(1, on1.Load.Completed + on2.Load.Completed);

    /// <summary>Two phases of the same system as one: operations and time summed, latencies in one histogram, costs per operation weighted.</summary>
    private static PhaseMeasurement Combine(PhaseMeasurement a, PhaseMeasurement b)
    {
        var load = new LoadResult(a.Load.Completed + b.Load.Completed, a.Load.Failed + b.Load.Failed, a.Load.Duration + b.Load.Duration,
            Latencies.Combine(a.Load.Latencies, b.Load.Latencies), FirstError: a.Load.FirstError ?? b.Load.FirstError);
        double wa = a.Load.Completed, wb = b.Load.Completed, n = Math.Max(1, wa + wb);
        double W(double x, double y) => (x * wa + y * wb) / n;
        var (x, y) = (a.WritesPerOperation, b.WritesPerOperation);
        var writes = new WriteCounters(W(x.WriteTransactions, y.WriteTransactions), W(x.WalBytes, y.WalBytes), W(x.StateWrites, y.StateWrites), W(x.AppendedRows, y.AppendedRows));
        var (c, d) = (a.CpuPerOperation, b.CpuPerOperation);
        var cpu = new CpuSeconds(W(c.Process, d.Process), W(c.Postgres, d.Postgres), W(c.Machine, d.Machine));
        return new PhaseMeasurement(load, writes, cpu, a.WallSeconds + b.WallSeconds, a.Waits, a.Statements);
    }

    private static string Cost(double ratio) => ratio < 1
        ? $"so publishing costs {(1 - ratio).ToString("P1", CultureInfo.InvariantCulture)} of the throughput"
        : $"so no cost was measurable: on was {(ratio - 1).ToString("P1", CultureInfo.InvariantCulture)} faster than off";

    private static string Lag(CatchUp lag) => lag.CaughtUp
        ? string.Create(CultureInfo.InvariantCulture, $"{lag.Seconds:0.00} s")
        : string.Create(CultureInfo.InvariantCulture, $"not all counted after {lag.Seconds:0} s ({lag.Left:N0} left)");

    private static string N(double value) => BenchmarkReport.Number(value);

    private static string Signed(double value) => (value >= 0 ? "+" : "−") + BenchmarkReport.Number(Math.Abs(value));

    private static string Failures(PhaseMeasurement on, PhaseMeasurement off) => on.Load.Failed + off.Load.Failed > 0
        ? $"; {on.Load.Failed:N0} / {off.Load.Failed:N0} failed ({on.Load.FirstError ?? off.Load.FirstError})"
        : "";
}
