namespace JinBao.Bench;

/// <summary>Sizes and durations of one run; <c>--quick</c> shrinks them to check the harness itself in about a minute.</summary>
public sealed record BenchSettings(bool Quick, IReadOnlySet<string> Only)
{
    /// <summary>Concurrent clients of every closed loop, and pgbench's client count, so the ratios compare like with like.</summary>
    public int Clients => 16;

    public TimeSpan PgbenchDuration => TimeSpan.FromSeconds(Quick ? 3 : 10);

    /// <summary>A closed-loop measurement.</summary>
    public TimeSpan ClosedLoopDuration => TimeSpan.FromSeconds(Quick ? 3 : 12);

    /// <summary>One step of an open loop at a fixed rate.</summary>
    public TimeSpan OpenLoopStep => TimeSpan.FromSeconds(Quick ? 2 : 6);

    public int MedicalPersons => Quick ? 200 : 2000;

    /// <summary>Persons of the history scenario, each settled <c>HistorySettlements</c> times.</summary>
    public int HistoryPersons => Quick ? 10 : 40;

    public int TransferPersons => Quick ? 30 : 1500;

    /// <summary>Transfers each system makes before the measured ones (code compiled, pools and caches filled).</summary>
    public int TransferWarmUp => Quick ? 16 : 64;

    public int ActivationPersons => Quick ? 200 : 1500;

    /// <summary>
    /// Silos of the national cluster: two (issue 16: the national cluster is not a single point of slowness);
    /// <c>--national-silos 1</c> runs the topology the tests use, to compare.
    /// </summary>
    public int NationalSilos { get; init; } = 2;

    public bool Runs(string scenario) => Only.Count == 0 || Only.Contains(scenario);
}
