using JinBao.Errors;
using JinBao.Pensions;
using JinBao.Primitives;

namespace JinBao.UnitTests.Pensions;

public sealed class ProvincialWagesTests
{
    [Theory]
    [InlineData("110000")]
    [InlineData("310000")]
    [InlineData("330000")]
    [InlineData("410000")]
    [InlineData("440000")]
    [InlineData("510000")]
    public void Embedded_CoversSixProvincesFrom2013To2026(string province)
    {
        for (var year = 2013; year <= 2026; year++)
        {
            Assert.True(ProvincialWages.Embedded.TryGetAverageMonthlyWage(province, year, out var wage));
            Assert.True(wage > Money.Zero);
        }
    }

    [Fact]
    public void AverageMonthlyWage_GuangdongSample2025_IsAbout9000() =>
        Assert.Equal(Money.FromYuan(9_000m), ProvincialWages.Embedded.AverageMonthlyWage("440000", 2025));

    [Fact]
    public void AverageMonthlyWage_CityCode_ReadsItsProvince() =>
        Assert.Equal(ProvincialWages.Embedded.AverageMonthlyWage("440000", 2024), ProvincialWages.Embedded.AverageMonthlyWage("440300", 2024));

    [Fact]
    public void ComputationBase_IsThePreviousYearsWage() =>
        Assert.Equal(ProvincialWages.Embedded.AverageMonthlyWage("510000", 2025), ProvincialWages.Embedded.ComputationBase("510000", 2026));

    [Fact]
    public void AverageMonthlyWage_Unknown_IsTypedError()
    {
        var error = Assert.Throws<JinBaoException>(() => ProvincialWages.Embedded.AverageMonthlyWage("650000", 2025));
        Assert.Equal("provincial-wage-unknown", error.Code);
        Assert.Equal(ErrorKind.RuleViolation, error.Kind);
    }

    [Fact]
    public void Constructor_DuplicateProvinceYear_IsRejected() =>
        Assert.Equal("provincial-wage-duplicate", Assert.Throws<JinBaoException>(() => new ProvincialWages(
            [new("440000", 2025, Money.FromYuan(9_000m)), new("440300", 2025, Money.FromYuan(9_100m))])).Code);
}
