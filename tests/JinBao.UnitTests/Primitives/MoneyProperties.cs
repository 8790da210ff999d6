using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

using JinBao.Primitives;

namespace JinBao.UnitTests.Primitives;

public sealed class MoneyProperties
{
    [Property]
    public bool Sum_IsOrderIndependent(long[] fen)
    {
        var amounts = fen.Select(f => new Money(f % 1_000_000_000_000)).ToArray();
        return Money.Sum(amounts) == Money.Sum(amounts.Reverse());
    }

    [Property]
    public bool FromYuan_RoundTripsThroughYuan(long fen)
    {
        var money = new Money(fen % 1_000_000_000_000_000);
        return Money.FromYuan(money.Yuan) == money;
    }

    [Property]
    public bool MultiplyBy_IsWithinHalfAFen(int fen, byte percent)
    {
        var rate = percent / 100m;
        var exact = fen * rate;
        var rounded = new Money(fen).MultiplyBy(rate).Fen;
        return Math.Abs(rounded - exact) <= 0.5m;
    }
}
