using FsCheck.Xunit;

using JinBao.Clearing;
using JinBao.Grains.Clearing;
using JinBao.Primitives;

namespace JinBao.UnitTests.Medical;

public sealed class MedicalPrepaymentPolicyTests
{
    private static readonly MedicalPrepaymentPolicy Policy = new MedicalPrepaymentOptions().Policy;

    [Fact]
    public void StandardAdvance_IsTwoMonthsOfLastYearsAverage_NeverBelowTheMinimum()
    {
        Assert.Equal(Money.FromYuan(1_000_000), Policy.StandardAdvance(Money.Zero));
        Assert.Equal(Money.FromYuan(1_000_000), Policy.StandardAdvance(Money.FromYuan(6_000_000)));   // 2 × 500,000 < minimum
        Assert.Equal(Money.FromYuan(2_000_000), Policy.StandardAdvance(Money.FromYuan(12_000_000)));  // 2 × 1,000,000
        Assert.Equal(new Money(100_000_000_02), Policy.StandardAdvance(new Money(600_000_000_10)));   // 2/12 of it, to the fen
    }

    [Fact]
    public void TopUp_IsDueOnlyPastSeventyPercentUsed_AndRestoresTheBalance()
    {
        var advanced = Money.FromYuan(1_000_000);

        Assert.Equal(Money.Zero, Policy.TopUp(advanced, Money.FromYuan(300_000)));                  // exactly 70% used
        Assert.Equal(new Money(70_000_001), Policy.TopUp(advanced, new Money(29_999_999)));    // one fen past it
        Assert.Equal(Money.FromYuan(1_200_000), Policy.TopUp(advanced, Money.FromYuan(-200_000)));  // overdrawn
        Assert.Equal(Money.Zero, Policy.TopUp(Money.Zero, Money.Zero));
    }

    /// <summary>After any top-up the balance is whole again; without one, at most 70% is used (before the first advance, nothing is).</summary>
    [Property(MaxTest = 500)]
    public bool TopUp_RestoresTheBalance(long advancedFen, long usedFen)
    {
        var advanced = new Money(Math.Abs(advancedFen % 1_000_000_000_00));
        var balance = advanced - new Money(Math.Abs(usedFen % 2_000_000_000_00));
        var topUp = Policy.TopUp(advanced, balance);
        return topUp == Money.Zero
            ? advanced == Money.Zero || (advanced - balance).Fen <= advanced.Fen * Policy.TopUpAtUsage
            : balance + topUp == advanced && !topUp.IsNegative;
    }
}
