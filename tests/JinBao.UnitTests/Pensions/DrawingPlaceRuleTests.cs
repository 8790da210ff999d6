using JinBao.Errors;
using JinBao.Pensions;
using JinBao.Primitives;

namespace JinBao.UnitTests.Pensions;

public sealed class DrawingPlaceRuleTests
{
    private const string Beijing = "110000";
    private const string Shanghai = "310000";
    private const string Zhejiang = "330000";
    private const string Henan = "410000";
    private const string Guangdong = "440000";
    private const string Sichuan = "510000";

    private static InsuranceSegment Stay(string province, int years, string lastMonth, bool temporary = false) =>
        new(province, years * 12, temporary, YearMonth.Parse(lastMonth));

    [Fact]
    public void Decide_SpecExample1_HenanBeijing11ThenShanghai5_IsBeijing()
    {
        var decision = DrawingPlaceRule.Decide(Henan, [Stay(Beijing, 11, "2015-12"), Stay(Shanghai, 5, "2020-12")]);

        Assert.Equal(new DrawingPlaceDecision(Beijing, DrawingPlaceReason.EarlierPlaceHasTenYears), decision);
    }

    [Fact]
    public void Decide_SpecExample2_SichuanShenzhen8ThenHangzhou12_IsZhejiang()
    {
        // City codes are accepted and read as their province: Shenzhen 440300, Hangzhou 330100.
        var decision = DrawingPlaceRule.Decide(Sichuan, [Stay("440300", 8, "2012-12"), Stay("330100", 12, "2024-12")]);

        Assert.Equal(new DrawingPlaceDecision(Zhejiang, DrawingPlaceReason.CurrentHasTenYears), decision);
    }

    [Fact]
    public void Decide_SpecExample3_SichuanShenzhen8ThenHangzhou6_IsSichuan()
    {
        var decision = DrawingPlaceRule.Decide(Sichuan, [Stay(Guangdong, 8, "2012-12"), Stay(Zhejiang, 6, "2018-12")]);

        Assert.Equal(new DrawingPlaceDecision(Sichuan, DrawingPlaceReason.HukouFallback), decision);
    }

    [Fact]
    public void Decide_JourneyTwo_LiMei_Zhejiang9ThenShanghaiTemporary_IsHenan()
    {
        // journeys.md §2: Zhejiang has < 10 years and Shanghai's years are temporary, so the hukou place.
        var decision = DrawingPlaceRule.Decide(Henan, [Stay(Zhejiang, 9, "2025-09"), Stay(Shanghai, 11, "2036-08", temporary: true)]);

        Assert.Equal(new DrawingPlaceDecision(Henan, DrawingPlaceReason.HukouFallback), decision);
    }

    [Fact]
    public void Decide_JourneyOne_WangJunBackInSichuan_IsSichuan()
    {
        // journeys.md §1: 12 years in Shenzhen, then Chengdu; the current place is the hukou place.
        var decision = DrawingPlaceRule.Decide(Sichuan, [Stay("440300", 12, "2026-02"), Stay("510100", 1, "2027-02")]);

        Assert.Equal(new DrawingPlaceDecision(Sichuan, DrawingPlaceReason.CurrentIsHukou), decision);
    }

    [Fact]
    public void Decide_YearsArePerProvinceCumulative()
    {
        // 6 + 5 years in Guangdong across two stays make 11: Guangdong is current and qualifies.
        var decision = DrawingPlaceRule.Decide(Henan,
            [Stay(Guangdong, 6, "2010-12"), Stay(Zhejiang, 3, "2013-12"), Stay(Guangdong, 5, "2018-12")]);

        Assert.Equal(new DrawingPlaceDecision(Guangdong, DrawingPlaceReason.CurrentHasTenYears), decision);
    }

    [Fact]
    public void Decide_CountsToTheMonth_119MonthsIsNotTenYears()
    {
        InsuranceSegment[] almost = [new(Guangdong, 119, false, new YearMonth(2020, 1))];
        InsuranceSegment[] exactly = [new(Guangdong, 120, false, new YearMonth(2020, 1))];

        Assert.Equal(Henan, DrawingPlaceRule.Decide(Henan, almost).Province);
        Assert.Equal(Guangdong, DrawingPlaceRule.Decide(Henan, exactly).Province);
    }

    [Fact]
    public void Decide_TwoEarlierQualifyingPlaces_TakesTheMostRecent()
    {
        var decision = DrawingPlaceRule.Decide(Henan,
            [Stay(Beijing, 10, "2005-12"), Stay(Guangdong, 10, "2015-12"), Stay(Shanghai, 2, "2017-12")]);

        Assert.Equal(new DrawingPlaceDecision(Guangdong, DrawingPlaceReason.EarlierPlaceHasTenYears), decision);
    }

    [Fact]
    public void Decide_TemporaryYearsNeverQualify()
    {
        // 15 temporary years in Shanghai, current regular relationship in Guangdong with 3 years.
        var decision = DrawingPlaceRule.Decide(Henan, [Stay(Guangdong, 3, "2010-12"), Stay(Shanghai, 15, "2025-12", temporary: true)]);

        Assert.Equal(new DrawingPlaceDecision(Henan, DrawingPlaceReason.HukouFallback), decision);
    }

    [Fact]
    public void Decide_OnlyTemporaryAccounts_IsHukou() =>
        Assert.Equal(new DrawingPlaceDecision(Henan, DrawingPlaceReason.HukouFallback),
            DrawingPlaceRule.Decide(Henan, [Stay(Shanghai, 12, "2025-12", temporary: true)]));

    [Fact]
    public void Decide_EmptyHistory_IsInvalidInput() =>
        Assert.Equal("insurance-history-empty", Assert.Throws<JinBaoException>(() => DrawingPlaceRule.Decide(Henan, [])).Code);

    [Fact]
    public void Decide_NegativeMonths_IsInvalidInput() =>
        Assert.Equal("contribution-months-negative", Assert.Throws<JinBaoException>(
            () => DrawingPlaceRule.Decide(Henan, [new InsuranceSegment(Beijing, -1, false, new YearMonth(2020, 1))])).Code);
}
