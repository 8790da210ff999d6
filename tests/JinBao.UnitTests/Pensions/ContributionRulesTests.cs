using JinBao.Errors;
using JinBao.Pensions;
using JinBao.Primitives;

namespace JinBao.UnitTests.Pensions;

public sealed class ContributionRulesTests
{
    private static readonly Money Wage = Money.FromYuan(9_000m);

    [Theory]
    [InlineData(3_000, 5_400)]    // below 60% → raised to the floor
    [InlineData(5_400, 5_400)]    // exactly the floor
    [InlineData(9_000, 9_000)]    // inside the range, unchanged
    [InlineData(27_000, 27_000)]  // exactly the cap
    [InlineData(40_000, 27_000)]  // above 300% → cut to the cap
    public void ClampBase_KeepsBaseWithinSixtyToThreeHundredPercent(decimal declared, decimal expected) =>
        Assert.Equal(Money.FromYuan(expected), ContributionRules.ClampBase(Money.FromYuan(declared), Wage));

    [Fact]
    public void Split_Employee_EightPercentToAccountSixteenPercentPooled()
    {
        var split = ContributionRules.Split(Money.FromYuan(7_000m), Wage);

        Assert.Equal(Money.FromYuan(7_000m), split.ClampedBase);
        Assert.Equal(Money.FromYuan(560m), split.IndividualAccount);
        Assert.Equal(Money.FromYuan(1_120m), split.PooledFund);
        Assert.Equal(Money.FromYuan(1_680m), split.Total);
    }

    [Fact]
    public void Split_FlexibleWorker_TwentyPercentAsEightPlusTwelve()
    {
        var split = ContributionRules.Split(Money.FromYuan(7_000m), Wage, ContributorKind.FlexibleWorker);

        Assert.Equal(Money.FromYuan(560m), split.IndividualAccount);
        Assert.Equal(Money.FromYuan(840m), split.PooledFund);
        Assert.Equal(Money.FromYuan(1_400m), split.Total);
    }

    [Fact]
    public void Split_UsesClampedBase()
    {
        var split = ContributionRules.Split(Money.FromYuan(1_000m), Wage);

        Assert.Equal(Money.FromYuan(5_400m), split.ClampedBase);
        Assert.Equal(Money.FromYuan(432m), split.IndividualAccount);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void ClampBase_ZeroOrNegativeBase_IsInvalidInput(long fen)
    {
        var error = Assert.Throws<JinBaoException>(() => ContributionRules.ClampBase(new Money(fen), Wage));
        Assert.Equal(ErrorKind.InvalidInput, error.Kind);
        Assert.Equal("contribution-base-not-positive", error.Code);
    }

    [Fact]
    public void ClampBase_ZeroWage_IsInvalidInput() =>
        Assert.Equal("average-wage-not-positive",
            Assert.Throws<JinBaoException>(() => ContributionRules.ClampBase(Money.FromYuan(5_000m), Money.Zero)).Code);

    [Fact]
    public void Split_UnknownKind_IsInvalidInput() =>
        Assert.Equal("contributor-kind-unknown",
            Assert.Throws<JinBaoException>(() => ContributionRules.Split(Wage, Wage, (ContributorKind)99)).Code);
}
