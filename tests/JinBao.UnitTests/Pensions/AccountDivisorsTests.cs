using JinBao.Errors;
using JinBao.Pensions;

namespace JinBao.UnitTests.Pensions;

public sealed class AccountDivisorsTests
{
    [Theory]
    [InlineData(40, 233)]
    [InlineData(47, 208)] // some transcriptions show 207
    [InlineData(50, 195)]
    [InlineData(55, 170)]
    [InlineData(60, 139)]
    [InlineData(63, 117)]
    [InlineData(70, 56)]
    public void ForWholeYears_MatchesTheTable(int age, int months) =>
        Assert.Equal(months, AccountDivisors.ForWholeYears(age));

    [Fact]
    public void For_Interpolated_IsExactFormula() =>
        // d(60) + (d(61) − d(60))·1/12 = 139 − 7/12.
        Assert.Equal(139m - (7m / 12m), AccountDivisors.For((60 * 12) + 1));

    [Theory]
    [InlineData(60, 1, 138.4)] // the published figure (spec §2.2)
    [InlineData(50, 1, 194.6)] // the published figure (spec §2.2)
    [InlineData(60, 6, 135.5)]
    public void For_InterpolatedToTenth_MatchesPublishedFigures(int years, int months, decimal expected) =>
        Assert.Equal(expected, AccountDivisors.For((years * 12) + months, DivisorRule.InterpolatedToTenth));

    [Fact]
    public void For_WholeYears_IgnoresExtraMonths() =>
        Assert.Equal(139m, AccountDivisors.For((60 * 12) + 11, DivisorRule.WholeYears));

    [Theory]
    [InlineData((39 * 12) + 11)]
    [InlineData((70 * 12) + 1)]
    public void For_OutsideTheTable_IsInvalidInput(int ageMonths) =>
        Assert.Equal("divisor-age-range", Assert.Throws<JinBaoException>(() => AccountDivisors.For(ageMonths)).Code);

    [Fact]
    public void ForWholeYears_DecreasesWithAge()
    {
        var table = Enumerable.Range(40, 31).Select(AccountDivisors.ForWholeYears).ToArray();
        Assert.True(table.Zip(table.Skip(1)).All(pair => pair.First > pair.Second));
    }
}
