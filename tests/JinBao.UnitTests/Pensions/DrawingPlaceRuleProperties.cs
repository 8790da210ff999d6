using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

using JinBao.Pensions;
using JinBao.Primitives;

namespace JinBao.UnitTests.Pensions;

public sealed class DrawingPlaceRuleProperties
{
    private static readonly string[] Provinces = ["110000", "310000", "330000", "410000", "440000", "510000"];

    // A stretch of 0–15 years ending 1–15 years after the previous one; a quarter of them temporary.
    private static readonly Gen<(string Province, int Months, bool Temporary, int Gap)> Stretch =
        from province in Gen.Elements(Provinces)
        from months in Gen.Choose(0, 180)
        from temporary in Gen.Elements(false, false, false, true)
        from gap in Gen.Choose(1, 180)
        select (province, months, temporary, gap);

    private static readonly Gen<(string Hukou, InsuranceSegment[] Segments)> Histories =
        from hukou in Gen.Elements(Provinces)
        from stretches in Gen.NonEmptyListOf(Stretch)
        select (hukou, ToSegments(stretches));

    private static InsuranceSegment[] ToSegments(IEnumerable<(string Province, int Months, bool Temporary, int Gap)> stretches)
    {
        var last = new YearMonth(1990, 1);
        var segments = new List<InsuranceSegment>();
        foreach (var stretch in stretches)
        {
            last = last.AddMonths(stretch.Gap);
            segments.Add(new InsuranceSegment(stretch.Province, stretch.Months, stretch.Temporary, last));
        }

        return [.. segments];
    }

    private static string? CurrentRegular(InsuranceSegment[] segments) =>
        segments.Where(s => !s.IsTemporary).Select(s => s.Province).LastOrDefault();

    [Property]
    public Property Decide_IsHukouCurrentOrAPlaceWithTenRegularYears() =>
        Prop.ForAll(Arb.From(Histories), history =>
        {
            var decision = DrawingPlaceRule.Decide(history.Hukou, history.Segments);
            var regularMonths = history.Segments
                .Where(s => !s.IsTemporary && s.Province == decision.Province)
                .Sum(s => s.ContributionMonths);
            return decision.Province == history.Hukou
                || decision.Province == CurrentRegular(history.Segments)
                || regularMonths >= 120;
        });

    [Property]
    public Property Decide_AnyWinnerOtherThanHukou_HasTenRegularYears() =>
        Prop.ForAll(Arb.From(Histories), history =>
        {
            var decision = DrawingPlaceRule.Decide(history.Hukou, history.Segments);
            return decision.Reason is DrawingPlaceReason.CurrentIsHukou or DrawingPlaceReason.HukouFallback
                ? decision.Province == history.Hukou
                : history.Segments.Where(s => !s.IsTemporary && s.Province == decision.Province).Sum(s => s.ContributionMonths) >= 120;
        });

    [Property]
    public Property Decide_AddingTemporaryYears_NeverChangesTheResult()
    {
        var withExtra =
            from history in Histories
            from extra in Gen.ListOf(Stretch)
            from positions in Gen.ArrayOf(Gen.Choose(0, history.Segments.Length), extra.Count)
            select (history, extra, positions);

        return Prop.ForAll(Arb.From(withExtra), input =>
        {
            var (history, extra, positions) = input;
            var segments = history.Segments.ToList();
            for (var i = 0; i < extra.Count; i++)
            {
                // A temporary account at any point in time, anywhere, of any length.
                var position = Math.Min(positions[i], segments.Count);
                var when = position < segments.Count ? segments[position].LastContributionMonth : segments[^1].LastContributionMonth.AddMonths(extra[i].Gap);
                segments.Insert(position, new InsuranceSegment(extra[i].Province, extra[i].Months, true, when));
            }

            return DrawingPlaceRule.Decide(history.Hukou, history.Segments) == DrawingPlaceRule.Decide(history.Hukou, segments);
        });
    }
}
