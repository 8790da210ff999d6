namespace JinBao.Supervision;

/// <summary>
/// The numbers the supervision rules judge by. The defaults are the house's first guess, to be tuned by each
/// province's fund supervisors (they are configuration, <c>Supervision</c> section), not law.
/// </summary>
public sealed class SupervisionThresholds
{
    public const string SectionName = "Supervision";

    /// <summary>A declared base below this share of the same person's previous month in the same city is a drop.</summary>
    public double BaseDropRatio { get; set; } = 0.7;

    /// <summary>How many drops in one city and month make the pattern an alert (one person's pay cut is not).</summary>
    public int BaseDropMinimumCount { get; set; } = 5;

    /// <summary>…and the share of that month's declarations (with a previous month to compare) they must be.</summary>
    public double BaseDropMinimumShare { get; set; } = 0.3;

    /// <summary>A settlement whose fund part exceeds this many times the usual (mean) of its place of care is an outlier.</summary>
    public double SettlementOutlierFactor { get; set; } = 5;

    /// <summary>The usual is known only after this many settlements of the place of care.</summary>
    public int SettlementOutlierMinimumHistory { get; set; } = 20;

    /// <summary>Settlements below this (fen) are never outliers, whatever the mean.</summary>
    public long SettlementOutlierFloorFen { get; set; } = 1_000_000;

    /// <summary>
    /// How often, at most, a province sends national its figures (a signed statistics summary), counted from the first
    /// events it counts: a quarter of an hour keeps the national roll-up fresh and national's inbox small.
    /// </summary>
    public int SummaryEverySeconds { get; set; } = 15 * 60;

    public static SupervisionThresholds Default { get; } = new();
}
