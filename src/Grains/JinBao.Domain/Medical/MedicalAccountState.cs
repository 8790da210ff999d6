using JinBao.Effects;
using JinBao.Primitives;

namespace JinBao.Medical;

/// <summary>Stored as JSON in the grain storage row named <c>medical-account</c>.</summary>
public sealed class MedicalAccountState : IHoldEffects
{
    public List<FilingView> Filings { get; set; } = [];

    /// <summary>Accumulators by calendar year (the insuring place's policy year).</summary>
    public Dictionary<int, MedicalAccumulators> Years { get; set; } = [];

    /// <summary>
    /// The most recent settlements (at most <see cref="MedicalAccount.RecentSettlements"/>), for replays and reversals
    /// without a read. Every settlement is also a row of <c>jinbao_medical_settlements</c>, which holds them all.
    /// </summary>
    public Dictionary<SettlementId, SettlementRecord> Settlements { get; set; } = [];

    /// <summary>Settlements made over the account's life; more than <see cref="Settlements"/> holds means older ones are only in the table.</summary>
    public int SettlementCount { get; set; }

    public long EventSequence { get; set; }

    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public PendingEffects Pending { get; set; } = new();
}

/// <summary>A settlement and a fingerprint of its request, to tell a replay from a reused id; <paramref name="Number"/> orders them.</summary>
public sealed record SettlementRecord(string RequestFingerprint, SettlementView View, int Number = 0);
