using JinBao.Errors;

namespace JinBao.Pensions;

/// <summary>
/// The drawing place (待遇领取地): "longest stay, then latest, hukou place first" (从长、从后、户籍优先; spec §3.6).
/// </summary>
public static class DrawingPlaceRule
{
    /// <summary>Ten years, in months: the stay that makes a province a candidate.</summary>
    public const int QualifyingMonths = 10 * 12;

    /// <summary>Decides the drawing province for a contribution history.</summary>
    /// <param name="hukouProvince">H, the hukou place (only its province counts).</param>
    /// <param name="segments">The history, oldest first; recency is read from each segment's last month, ties by list order.</param>
    /// <returns>A province code and the clause that chose it.</returns>
    /// <exception cref="JinBaoException">An empty history, a negative month count or a malformed region code.</exception>
    public static DrawingPlaceDecision Decide(string hukouProvince, IReadOnlyList<InsuranceSegment> segments)
    {
        var hukou = ProvinceCodes.ProvinceOf(hukouProvince, "hukou province");
        ArgumentNullException.ThrowIfNull(segments);
        if (segments.Count == 0)
        {
            throw new JinBaoException(ErrorKind.InvalidInput, "insurance-history-empty",
                "A drawing place needs at least one insured segment.");
        }

        var regular = new List<Stay>();
        for (var i = 0; i < segments.Count; i++)
        {
            var segment = segments[i] ?? throw new ArgumentNullException(nameof(segments), $"Segment {i} is null.");
            var province = ProvinceCodes.ProvinceOf(segment.Province, $"province of segment {i}");
            if (segment.ContributionMonths < 0)
            {
                throw new JinBaoException(ErrorKind.InvalidInput, "contribution-months-negative",
                    $"Segment {i} in {province} has {segment.ContributionMonths} contribution months; counts are never negative.");
            }

            // spec §3.3 and §3.6: temporary-account years never make a place a candidate; those accounts are
            // consolidated into whichever place wins.
            if (!segment.IsTemporary)
            {
                regular.Add(new Stay(province, segment.ContributionMonths, segment.LastContributionMonth.Ordinal, i));
            }
        }

        // Only temporary accounts: there is no relationship to keep, so everything goes home (clause 4).
        if (regular.Count == 0)
        {
            return new DrawingPlaceDecision(hukou, DrawingPlaceReason.HukouFallback);
        }

        var current = regular.MaxBy(s => s.Recency)!;

        // spec §3.6 clause 1: C == H → H.
        if (current.Province == hukou)
        {
            return new DrawingPlaceDecision(hukou, DrawingPlaceReason.CurrentIsHukou);
        }

        // spec §3.6: years() are cumulative per province; whole months compared with 120 are exactly years ≥ 10.
        var monthsByProvince = regular
            .GroupBy(s => s.Province)
            .ToDictionary(g => g.Key, g => g.Aggregate(0, (sum, s) => checked(sum + s.Months)));

        // spec §3.6 clause 2: years(C) ≥ 10 → C.
        if (monthsByProvince[current.Province] >= QualifyingMonths)
        {
            return new DrawingPlaceDecision(current.Province, DrawingPlaceReason.CurrentHasTenYears);
        }

        // spec §3.6 clause 3: the most recent earlier P with years ≥ 10.
        var earlier = regular
            .Where(s => s.Province != current.Province && monthsByProvince[s.Province] >= QualifyingMonths)
            .MaxBy(s => s.Recency);
        if (earlier is not null)
        {
            return new DrawingPlaceDecision(earlier.Province, DrawingPlaceReason.EarlierPlaceHasTenYears);
        }

        // spec §3.6 clause 4: otherwise H.
        return new DrawingPlaceDecision(hukou, DrawingPlaceReason.HukouFallback);
    }

    private sealed record Stay(string Province, int Months, int LastMonthOrdinal, int Index)
    {
        public (int LastMonth, int Index) Recency => (LastMonthOrdinal, Index);
    }
}
