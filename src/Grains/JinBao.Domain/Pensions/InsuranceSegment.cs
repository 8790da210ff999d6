using JinBao.Primitives;

namespace JinBao.Pensions;

/// <summary>A stretch of contributions in one province, as the drawing-place rule sees it.</summary>
/// <param name="Province">The place, a 6-digit region code (only its province counts).</param>
/// <param name="ContributionMonths">Months contributed in this stretch.</param>
/// <param name="IsTemporary">True for a temporary account; its months never make the place a candidate.</param>
/// <param name="LastContributionMonth">The stretch's last contribution month, which orders the stretches in time.</param>
public sealed record InsuranceSegment(string Province, int ContributionMonths, bool IsTemporary, YearMonth LastContributionMonth);
