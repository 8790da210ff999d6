using JinBao.Errors;
using JinBao.Primitives;

namespace JinBao.UnitTests.Primitives;

public sealed class MoneyTests
{
    [Theory]
    [InlineData(80640, 8064000)]
    [InlineData(0.01, 1)]
    [InlineData(-12.5, -1250)]
    public void FromYuan_TwoDecimals_IsExactFen(decimal yuan, long fen) =>
        Assert.Equal(fen, Money.FromYuan(yuan).Fen);

    [Fact]
    public void FromYuan_FractionOfFen_IsRejected()
    {
        var error = Assert.Throws<JinBaoException>(() => Money.FromYuan(1.005m));
        Assert.Equal("money-sub-fen", error.Code);
    }

    [Theory]
    [InlineData(1, 0.5, 1)]      // 0.5 fen rounds away from zero
    [InlineData(-1, 0.5, -1)]
    [InlineData(3, 0.5, 2)]      // 1.5 → 2, not banker's 2 either way; 2.5 below
    [InlineData(5, 0.5, 3)]      // 2.5 → 3 (banker's rounding would give 2)
    [InlineData(67200000, 0.12, 8064000)]
    public void MultiplyBy_RoundsHalfAwayFromZero(long fen, decimal rate, long expected) =>
        Assert.Equal(expected, new Money(fen).MultiplyBy(rate).Fen);

    [Fact]
    public void Addition_Overflow_Throws() =>
        Assert.Throws<OverflowException>(() => new Money(long.MaxValue) + new Money(1));

    [Fact]
    public void ToString_IsYuanWithTwoDecimals() =>
        Assert.Equal("80640.00", new Money(8064000).ToString());
}
