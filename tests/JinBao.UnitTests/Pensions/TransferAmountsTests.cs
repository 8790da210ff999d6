using JinBao.Errors;
using JinBao.Pensions;
using JinBao.Primitives;

namespace JinBao.UnitTests.Pensions;

public sealed class TransferAmountsTests
{
    private static List<ContributionMonth> Months(YearMonth first, int count, decimal baseYuan)
    {
        var monthlyBase = Money.FromYuan(baseYuan);
        return
        [
            .. Enumerable.Range(0, count).Select(i => new ContributionMonth(
                first.AddMonths(i), monthlyBase, monthlyBase.MultiplyBy(0.08m), monthlyBase.MultiplyBy(0.16m))),
        ];
    }

    [Fact]
    public void PooledFund_SpecExample_96MonthsAt7000_Is80640()
    {
        // spec §3.2: 12% × 672,000 = 80,640.
        var pooled = TransferAmounts.PooledFund(Months(new YearMonth(2010, 1), 96, 7_000m));

        Assert.Equal("80640.00", pooled.ToString());
    }

    [Fact]
    public void ForRelationship_WholeBalanceMovesWithThePooledPart()
    {
        var funds = TransferAmounts.ForRelationship(Months(new YearMonth(2010, 1), 96, 7_000m), Money.FromYuan(61_234.56m));

        Assert.Equal(Money.FromYuan(61_234.56m), funds.IndividualAccount);
        Assert.Equal(Money.FromYuan(80_640m), funds.PooledFund);
        Assert.Equal(Money.Zero, funds.Interest);
        Assert.Equal(Money.FromYuan(141_874.56m), funds.Total);
    }

    [Fact]
    public void PooledFund_JourneyOne_WangJunShenzhen2014To2026()
    {
        // journeys.md §1: Shenzhen 2014-03 to 2026-02 at 9,000: 144 months × 9,000 × 12% = 155,520.00.
        var months = Months(new YearMonth(2014, 3), 144, 9_000m);

        Assert.Equal(new YearMonth(2026, 2), months[^1].Month);
        Assert.Equal(Money.FromYuan(155_520m), TransferAmounts.PooledFund(months));
    }

    [Fact]
    public void PooledFund_MonthsBefore1998_AreExcluded()
    {
        // 1997-07 to 1998-06: only the six months of 1998 count.
        var pooled = TransferAmounts.PooledFund(Months(new YearMonth(1997, 7), 12, 1_000m));

        Assert.Equal(Money.FromYuan(720m), pooled);
    }

    [Fact]
    public void PooledFund_RoundsTheSumOnce()
    {
        // Two bases of 0.04 yuan: 12% of each is 0.48 fen (0 each if rounded per month); of the sum 0.96 → 1 fen.
        var months = Months(new YearMonth(2020, 1), 2, 0.04m);

        Assert.Equal(new Money(1), TransferAmounts.PooledFund(months));
    }

    [Fact]
    public void ForTemporaryAccount_EverythingMovesWithInterest()
    {
        // 24 months at 8,000: 8% = 640 and 16% = 1,280 a month.
        var funds = TransferAmounts.ForTemporaryAccount(Months(new YearMonth(2022, 1), 24, 8_000m), Money.FromYuan(1_234.56m));

        Assert.Equal(Money.FromYuan(15_360m), funds.IndividualAccount);
        Assert.Equal(Money.FromYuan(30_720m), funds.PooledFund);
        Assert.Equal(Money.FromYuan(1_234.56m), funds.Interest);
        Assert.Equal(Money.FromYuan(47_314.56m), funds.Total);
    }

    [Fact]
    public void PooledFund_NoMonths_IsZero() =>
        Assert.Equal(Money.Zero, TransferAmounts.PooledFund([]));

    [Fact]
    public void PooledFund_DuplicateMonth_IsInvalidInput()
    {
        var months = Months(new YearMonth(2020, 1), 2, 5_000m);
        months.Add(months[0]);

        Assert.Equal("contribution-month-duplicate", Assert.Throws<JinBaoException>(() => TransferAmounts.PooledFund(months)).Code);
    }

    [Fact]
    public void ForRelationship_NegativeBalance_IsInvalidInput() =>
        Assert.Equal("transfer-amount-negative",
            Assert.Throws<JinBaoException>(() => TransferAmounts.ForRelationship([], new Money(-1))).Code);

    [Fact]
    public void PooledFund_NegativeBase_IsInvalidInput()
    {
        ContributionMonth[] months = [new(new YearMonth(2020, 1), new Money(-100), Money.Zero, Money.Zero)];

        Assert.Equal("transfer-amount-negative", Assert.Throws<JinBaoException>(() => TransferAmounts.PooledFund(months)).Code);
    }
}
