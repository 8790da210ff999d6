using JinBao.Errors;
using JinBao.Pensions;
using JinBao.Primitives;

namespace JinBao.UnitTests.Pensions;

public sealed class PensionFormulaTests
{
    [Fact]
    public void Compute_SpecWorkedExample()
    {
        // spec §2.2: B = 8,000, I = 1.2, N = 30, balance 200,000, retirement at 60.
        var pension = PensionFormula.Compute(Money.FromYuan(8_000m), 1.2m, 30 * 12, Money.FromYuan(200_000m), 60 * 12);

        Assert.Equal("2640.00", pension.Basic.ToString());
        Assert.Equal("1438.85", pension.Account.ToString()); // 200,000 / 139 = 1,438.848…
        Assert.Equal("4078.85", pension.Total.ToString());
    }

    [Fact]
    public void BasicPension_CountsYearsToTheMonth()
    {
        // N = 30 years 6 months: 8,800 × 30.5% = 2,684.00.
        Assert.Equal(Money.FromYuan(2_684m), PensionFormula.BasicPension(Money.FromYuan(8_000m), 1.2m, 366));
    }

    [Fact]
    public void BasicPension_RoundsOnceHalfAwayFromZero()
    {
        // B = 0.01 yuan (1 fen), I = 0, N = 100 years: exact 0.5 fen → 1 fen, not banker's 0.
        Assert.Equal(new Money(1), PensionFormula.BasicPension(new Money(1), 0m, 1_200));
    }

    [Fact]
    public void Total_IsTheSumOfRoundedComponents()
    {
        // Basic 8,000 × 1.2 … × 15 years 1 month; account 100,000 / 139 = 719.424… → 719.42.
        var pension = PensionFormula.Compute(Money.FromYuan(8_000m), 1.2m, 181, Money.FromYuan(100_000m), 720);

        Assert.Equal(Money.FromYuan(1_327.33m), pension.Basic); // 8,800 × 181/1200 = 1,327.333…
        Assert.Equal(Money.FromYuan(719.42m), pension.Account);
        Assert.Equal(pension.Basic + pension.Account, pension.Total);
    }

    [Fact]
    public void Compute_WithSampleGuangdongBase()
    {
        // Retiring in Guangdong in 2026: B is the 2025 sample wage, 9,000.
        var b = ProvincialWages.Embedded.ComputationBase("440300", 2026);
        var pension = PensionFormula.Compute(b, 1.0m, 25 * 12, Money.FromYuan(139_000m), 60 * 12);

        Assert.Equal(Money.FromYuan(9_000m), b);
        Assert.Equal(Money.FromYuan(2_250m), pension.Basic);
        Assert.Equal(Money.FromYuan(1_000m), pension.Account);
    }

    [Fact]
    public void AverageContributionIndex_IsTheMeanOfYearlyRatios()
    {
        ContributionYear[] years =
        [
            new(2023, [.. Enumerable.Repeat(Money.FromYuan(8_000m), 12)], Money.FromYuan(8_000m)),    // 1.0
            new(2024, [Money.FromYuan(10_000m), Money.FromYuan(14_000m)], Money.FromYuan(8_000m)),     // 12,000/8,000 = 1.5
            new(2025, [.. Enumerable.Repeat(Money.FromYuan(4_500m), 6)], Money.FromYuan(9_000m)),     // 0.5
        ];

        Assert.Equal(1.0m, PensionFormula.AverageContributionIndex(years));
    }

    [Fact]
    public void AverageContributionIndex_IsNotRounded()
    {
        ContributionYear[] years =
        [
            new(2024, [Money.FromYuan(1m)], Money.FromYuan(3m)),
        ];

        Assert.Equal(1m / 3m, PensionFormula.AverageContributionIndex(years));
    }

    [Fact]
    public void AverageContributionIndex_NoYears_IsInvalidInput() =>
        Assert.Equal("contribution-years-empty",
            Assert.Throws<JinBaoException>(() => PensionFormula.AverageContributionIndex([])).Code);

    [Fact]
    public void AverageContributionIndex_DuplicateYear_IsInvalidInput()
    {
        ContributionYear year = new(2024, [Money.FromYuan(1m)], Money.FromYuan(3m));

        Assert.Equal("contribution-year-duplicate",
            Assert.Throws<JinBaoException>(() => PensionFormula.AverageContributionIndex([year, year])).Code);
    }

    [Fact]
    public void AverageContributionIndex_YearWithoutBases_IsInvalidInput() =>
        Assert.Equal("contribution-year-bases", Assert.Throws<JinBaoException>(
            () => PensionFormula.AverageContributionIndex([new ContributionYear(2024, [], Money.FromYuan(3m))])).Code);

    [Fact]
    public void BasicPension_ZeroBase_IsInvalidInput() =>
        Assert.Equal("computation-base-not-positive",
            Assert.Throws<JinBaoException>(() => PensionFormula.BasicPension(Money.Zero, 1m, 180)).Code);

    [Fact]
    public void AccountPension_NegativeBalance_IsInvalidInput() =>
        Assert.Equal("account-balance-negative",
            Assert.Throws<JinBaoException>(() => PensionFormula.AccountPension(new Money(-1), 139m)).Code);
}
