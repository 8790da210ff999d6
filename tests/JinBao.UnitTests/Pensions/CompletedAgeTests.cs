using JinBao.Errors;
using JinBao.Pensions;

namespace JinBao.UnitTests.Pensions;

public sealed class CompletedAgeTests
{
    [Theory]
    [InlineData("1976-03-15", "2026-03-14", 599)] // 49y11m: the birthday is tomorrow
    [InlineData("1976-03-15", "2026-03-15", 600)] // 50y0m on the birthday
    [InlineData("1976-01-31", "2026-02-27", 600)]
    [InlineData("1976-01-31", "2026-02-28", 601)] // born on the 31st: February's last day completes the month
    [InlineData("1976-03-31", "2026-04-30", 601)]
    [InlineData("1980-02-29", "2020-02-28", 479)] // leap year: Feb 29 exists in 2020, so not yet
    [InlineData("1980-02-29", "2021-02-28", 492)] // no Feb 29 in 2021: the year completes on Feb 28
    [InlineData("2000-05-10", "2000-05-10", 0)]
    public void Months_CountsCompletedMonths(string birth, string on, int expected) =>
        Assert.Equal(expected, CompletedAge.Months(DateOnly.Parse(birth), DateOnly.Parse(on)));

    [Fact]
    public void Months_DateBeforeBirth_IsInvalidInput() =>
        Assert.Equal("age-before-birth",
            Assert.Throws<JinBaoException>(() => CompletedAge.Months(new DateOnly(2000, 1, 2), new DateOnly(2000, 1, 1))).Code);
}
