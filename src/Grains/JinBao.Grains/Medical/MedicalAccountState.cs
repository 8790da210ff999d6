using JinBao.Effects;

namespace JinBao.Medical;

/// <summary>Stored as JSON in the grain storage row named <c>medical-account</c>.</summary>
public sealed class MedicalAccountState : IHoldEffects
{
    public List<FilingView> Filings { get; set; } = [];

    /// <summary>Accumulators by calendar year (the insuring place's policy year).</summary>
    public Dictionary<int, MedicalAccumulators> Years { get; set; } = [];

    public Dictionary<string, SettlementRecord> Settlements { get; set; } = [];

    public long EventSequence { get; set; }

    public PendingEffects Pending { get; set; } = new();
}

/// <summary>A settlement and a fingerprint of its request, to tell a replay from a reused id.</summary>
public sealed record SettlementRecord(string RequestFingerprint, SettlementView View);
