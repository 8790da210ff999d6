using System.Numerics;

using FsCheck.Xunit;

using JinBao.Drawing;
using JinBao.Primitives;

namespace JinBao.UnitTests.Drawing;

public sealed class PensionAdjustmentProperties
{
    private static readonly YearMonth Origin = new(2020, 1);

    /// <summary>
    /// Compounding and rounding against an independent integer model: percent in ten-thousandths, each step
    /// floor((amount × (10^6 + p) + 10^6/2) / 10^6) (half away from zero for non-negative amounts), plus the fixed raise.
    /// </summary>
    [Property(MaxTest = 500)]
    public bool AmountFor_MatchesAnIntegerModelOfCompoundingInEffectiveOrder(uint baseFen, byte firstOffset, byte forOffset, (byte Month, ushort Percent, ushort Fixed)[] raw)
    {
        var rules = raw.Take(6).Select((r, i) => new AdjustmentRuleView(i + 1, i % 2 == 0 ? "all" : "440000",
            Origin.AddMonths(r.Month % 60), (r.Percent % 20_000) / 10_000m, new Money(r.Fixed % 50_000), "")).ToList();
        var first = Origin.AddMonths(firstOffset % 60);
        var forMonth = Origin.AddMonths(forOffset % 72);
        var amount = new Money(baseFen % 2_000_000);

        var ordered = PensionAdjustment.ForProvince(rules.AsEnumerable().Reverse(), RegionCode.Parse("440300"));
        var actual = PensionAdjustment.AmountFor(amount, first, forMonth, ordered);

        BigInteger model = amount.Fen;
        foreach (var rule in rules.OrderBy(r => r.EffectiveMonth.Ordinal).ThenBy(r => r.RuleId))
        {
            if (rule.EffectiveMonth.Ordinal <= forMonth.Ordinal && first.Ordinal < rule.EffectiveMonth.Ordinal)
            {
                var tenThousandths = (BigInteger)(rule.Percent * 10_000m);
                model = ((model * (1_000_000 + tenThousandths)) + 500_000) / 1_000_000 + rule.Fixed.Fen;
            }
        }

        return actual.Fen == (long)model;
    }

    [Property]
    public bool AmountFor_NeverLowersAPensionAndIgnoresRulesBeforeRetirement(uint baseFen, byte month, ushort percent, ushort fixedFen)
    {
        var rule = new AdjustmentRuleView(1, "all", Origin.AddMonths(month % 24), percent % 1000 / 100m, new Money(fixedFen), "");
        var amount = new Money(baseFen % 2_000_000);
        var retiredAfter = PensionAdjustment.AmountFor(amount, rule.EffectiveMonth, rule.EffectiveMonth.AddMonths(6), [rule]);
        var retiredBefore = PensionAdjustment.AmountFor(amount, rule.EffectiveMonth.AddMonths(-1), rule.EffectiveMonth, [rule]);
        return retiredAfter == amount && retiredBefore >= amount + rule.Fixed;
    }

    [Property]
    public bool ForProvince_KeepsOnlyItsOwnAndNationalRules(bool[] national)
    {
        var rules = national.Select((n, i) => new AdjustmentRuleView(i, n ? "all" : "510000", Origin, 1m, Money.Zero, "")).ToList();
        return PensionAdjustment.ForProvince(rules, RegionCode.Parse("440100")).Count == national.Count(n => n)
            && PensionAdjustment.ForProvince(rules, RegionCode.Parse("510000")).Count == national.Length;
    }
}
