using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

using JinBao.Pensions;
using JinBao.Primitives;

namespace JinBao.UnitTests.Pensions;

public sealed class TransferAmountsProperties
{
    // Distinct months between 1990 and 2030 (some before 1998) with bases from 0 to 100,000 yuan.
    private static readonly Gen<ContributionMonth[]> Segments =
        from offsets in Gen.SubListOf(Enumerable.Range(0, 480).ToArray())
        from bases in Gen.ArrayOf(Gen.Choose(0, 10_000_000), offsets.Count)
        select offsets
            .Select((offset, i) => new ContributionMonth(
                new YearMonth(1990, 1).AddMonths(offset), new Money(bases[i]), new Money(bases[i]).MultiplyBy(0.08m), Money.Zero))
            .ToArray();

    [Property]
    public Property PooledFund_IsTwelvePercentOfTheSumWithinHalfAFen() =>
        Prop.ForAll(Arb.From(Segments), months =>
        {
            var exact = months.Where(m => m.Month >= new YearMonth(1998, 1)).Sum(m => (decimal)m.ActualBase.Fen) * 0.12m;
            return Math.Abs(TransferAmounts.PooledFund(months).Fen - exact) <= 0.5m;
        });

    [Property]
    public Property PooledFund_IsIndependentOfMonthOrder() =>
        Prop.ForAll(Arb.From(Segments.SelectMany(months => Gen.Shuffle(months).Select(shuffled => (months, shuffled)))), pair =>
            TransferAmounts.PooledFund(pair.months) == TransferAmounts.PooledFund(pair.shuffled)
            && TransferAmounts.PooledFund(pair.months) == TransferAmounts.PooledFund(pair.months.Reverse()));
}
