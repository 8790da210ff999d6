using FsCheck.Xunit;

using JinBao.Errors;
using JinBao.Primitives;

namespace JinBao.UnitTests.Primitives;

public sealed class YearMonthTests
{
    [Theory]
    [InlineData("1998-01", 1998, 1)]
    [InlineData("2026-12", 2026, 12)]
    public void Parse_Valid(string text, int year, int month) =>
        Assert.Equal(new YearMonth(year, month), YearMonth.Parse(text));

    [Theory]
    [InlineData("2026-13")]
    [InlineData("2026-1")]
    [InlineData("26-01")]
    [InlineData("2026/01")]
    [InlineData("")]
    public void Parse_Invalid_IsTypedError(string text) =>
        Assert.Equal("year-month-format", Assert.Throws<JinBaoException>(() => YearMonth.Parse(text)).Code);

    [Fact]
    public void AddMonths_CrossesYears() =>
        Assert.Equal(new YearMonth(2027, 2), new YearMonth(2026, 11).AddMonths(3));

    [Fact]
    public void MonthsUntil_CountsWholeMonths() =>
        Assert.Equal(96, new YearMonth(2014, 3).MonthsUntil(new YearMonth(2022, 3)));

    [Property]
    public bool AddMonths_ThenMonthsUntil_RoundTrips(ushort start, short delta)
    {
        var from = new YearMonth(1950, 1).AddMonths(start % 1200);
        var to = from.AddMonths(delta % 600);
        return from.MonthsUntil(to) == delta % 600 && YearMonth.Parse(to.ToString()) == to;
    }
}
