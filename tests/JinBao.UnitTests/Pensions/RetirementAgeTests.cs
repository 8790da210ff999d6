using JinBao.Pensions;
using JinBao.Primitives;

namespace JinBao.UnitTests.Pensions;

public sealed class RetirementAgeTests
{
    [Theory]
    [InlineData(RetirementGroup.Man, "1964-12-15", 60, 0)]          // before the first cohort: old age
    [InlineData(RetirementGroup.Man, "1965-01-15", 60, 1)]          // spec §2.3: first cohort, 60y1m
    [InlineData(RetirementGroup.Man, "1965-04-15", 60, 1)]          // n = 3: still +1
    [InlineData(RetirementGroup.Man, "1965-05-15", 60, 2)]          // n = 4: +2
    [InlineData(RetirementGroup.Man, "1976-08-15", 62, 11)]         // one cohort short of the target
    [InlineData(RetirementGroup.Man, "1976-09-15", 63, 0)]          // spec §2.3: full target
    [InlineData(RetirementGroup.Man, "1990-01-15", 63, 0)]          // capped
    [InlineData(RetirementGroup.WomanCadre, "1970-01-15", 55, 1)]
    [InlineData(RetirementGroup.WomanCadre, "1981-09-15", 58, 0)]
    [InlineData(RetirementGroup.WomanWorker, "1974-12-15", 50, 0)]
    [InlineData(RetirementGroup.WomanWorker, "1975-01-15", 50, 1)]
    [InlineData(RetirementGroup.WomanWorker, "1975-03-15", 50, 2)]  // +1 month per 2 birth months
    [InlineData(RetirementGroup.WomanWorker, "1984-10-15", 54, 11)]
    [InlineData(RetirementGroup.WomanWorker, "1984-11-15", 55, 0)]  // spec §2.3: full target
    public void For_MatchesTheDecisionTable(RetirementGroup group, string birth, int years, int months)
    {
        var retirement = RetirementAge.For(group, DateOnly.Parse(birth));

        Assert.Equal(years, retirement.AgeYears);
        Assert.Equal(months, retirement.ExtraMonths);
    }

    [Fact]
    public void For_ManBornJanuary1965_RetiresFebruary2025()
    {
        var retirement = RetirementAge.For(RetirementGroup.Man, new DateOnly(1965, 1, 10));

        Assert.Equal(1, retirement.DelayMonths);
        Assert.Equal(new DateOnly(2025, 2, 10), retirement.ReachedOn);
        Assert.Equal(new YearMonth(2025, 2), retirement.Month);
    }

    [Fact]
    public void For_ManBornSeptember1976_Is63InSeptember2039() =>
        Assert.Equal(new DateOnly(2039, 9, 30), RetirementAge.For(RetirementGroup.Man, new DateOnly(1976, 9, 30)).ReachedOn);

    [Fact]
    public void For_WomanWorkerBornNovember1984_Is55InNovember2039()
    {
        var retirement = RetirementAge.For(RetirementGroup.WomanWorker, new DateOnly(1984, 11, 1));

        Assert.Equal(60, retirement.DelayMonths);
        Assert.Equal(new YearMonth(2039, 11), retirement.Month);
    }

    [Fact]
    public void For_BornOnThe31st_ReachesAgeOnTheMonthsLastDay() =>
        // 60y1m from 31 Jan 1965 ends on 28 Feb 2025 (no 31 February).
        Assert.Equal(new DateOnly(2025, 2, 28), RetirementAge.For(RetirementGroup.Man, new DateOnly(1965, 1, 31)).ReachedOn);

    [Theory]
    [InlineData(2025, 180)]
    [InlineData(2029, 180)]
    [InlineData(2030, 186)] // 15.5 years
    [InlineData(2035, 216)]
    [InlineData(2039, 240)] // 20 years
    [InlineData(2050, 240)]
    public void MinimumContributionMonths_RisesFrom2030To2039(int year, int months) =>
        Assert.Equal(months, RetirementAge.MinimumContributionMonths(year));
}
