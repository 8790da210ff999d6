using JinBao.Errors;
using JinBao.Pensions;
using JinBao.Primitives;

namespace JinBao.UnitTests.Pensions;

public sealed class InterestCreditingTests
{
    [Theory]
    [InlineData(2016, 0.0831)]
    [InlineData(2020, 0.0604)]
    [InlineData(2024, 0.0262)]
    [InlineData(2025, 0.0150)] // unverified in the data file, but present
    public void Published_HasTheSpecRates(int year, decimal rate) =>
        Assert.Equal(rate, CreditingRates.Published.RateFor(year));

    [Fact]
    public void Published_CoversEveryYearFrom2016()
    {
        var years = CreditingRates.Published.Years;
        Assert.Equal(Enumerable.Range(2016, years.Count), years);
    }

    [Theory]
    [InlineData(2015)] // before national rates
    [InlineData(2030)] // not announced
    public void RateFor_YearWithoutRate_IsTypedError(int year)
    {
        var error = Assert.Throws<JinBaoException>(() => CreditingRates.Published.RateFor(year));
        Assert.Equal("crediting-rate-unknown", error.Code);
        Assert.Equal(ErrorKind.RuleViolation, error.Kind);
    }

    [Fact]
    public void CloseYear_AppliesOpeningRatePlusHalfYearOnContributions()
    {
        // 2023 at 3.97%: 100,000 × 0.0397 = 3,970.00; 12,000 × 0.0397 × 1.083 × ½ = 257.9706 → 257.97.
        var result = InterestCrediting.Default.CloseYear(2023, Money.FromYuan(100_000m), Money.FromYuan(12_000m));

        Assert.Equal(0.0397m, result.Rate);
        Assert.Equal(Money.FromYuan(4_227.97m), result.Interest);
        Assert.Equal(Money.FromYuan(116_227.97m), result.ClosingBalance);
    }

    [Fact]
    public void CloseYear_RoundsTheSumOnceNotEachTerm()
    {
        // Each term alone is 0.4 fen (both would round to 0), together 0.8 fen → 1 fen.
        var rates = new CreditingRates(new Dictionary<int, decimal> { [2020] = 0.1m });
        var crediting = new InterestCrediting(rates, new FixedTermsFormula(0.4m, 0.4m));

        Assert.Equal(new Money(1), crediting.CloseYear(2020, new Money(4), new Money(4)).Interest);
    }

    [Fact]
    public void CloseYear_UsesThePluggedFormula()
    {
        var rates = new CreditingRates(new Dictionary<int, decimal> { [2020] = 0.05m });
        var crediting = new InterestCrediting(rates, new OpeningBalanceOnly());

        Assert.Equal(Money.FromYuan(50m), crediting.CloseYear(2020, Money.FromYuan(1_000m), Money.FromYuan(1_000m)).Interest);
    }

    [Fact]
    public void CloseYear_YearWithoutRate_IsTypedError() =>
        Assert.Equal("crediting-rate-unknown",
            Assert.Throws<JinBaoException>(() => InterestCrediting.Default.CloseYear(2014, Money.Zero, Money.Zero)).Code);

    [Fact]
    public void CloseYear_NegativeBalance_IsInvalidInput() =>
        Assert.Equal("interest-input-negative",
            Assert.Throws<JinBaoException>(() => InterestCrediting.Default.CloseYear(2023, new Money(-1), Money.Zero)).Code);

    [Fact]
    public void CreditingRates_NegativeRate_IsRejected() =>
        Assert.Equal("crediting-rate-negative",
            Assert.Throws<JinBaoException>(() => new CreditingRates(new Dictionary<int, decimal> { [2020] = -0.01m })).Code);

    private sealed class FixedTermsFormula(decimal first, decimal second) : IInterestFormula
    {
        public decimal ExactInterestFen(Money openingBalance, Money contributions, decimal rate) => first + second;
    }

    private sealed class OpeningBalanceOnly : IInterestFormula
    {
        public decimal ExactInterestFen(Money openingBalance, Money contributions, decimal rate) => openingBalance.Fen * rate;
    }
}
