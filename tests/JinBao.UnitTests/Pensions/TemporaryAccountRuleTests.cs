using JinBao.Errors;
using JinBao.Pensions;
using JinBao.Primitives;

namespace JinBao.UnitTests.Pensions;

public sealed class TemporaryAccountRuleTests
{
    private const string Henan = "410000";
    private const string Zhejiang = "330000";
    private const string Shanghai = "310000";
    private const string Guangdong = "440000";

    [Theory]
    [InlineData("2026-03-14", false)] // 49 years 11 months
    [InlineData("2026-03-15", true)]  // 50 years 0 months
    public void Applies_ManAtFifty_Boundary(string moveDate, bool expected) =>
        Assert.Equal(expected, TemporaryAccountRule.Applies(
            Sex.Male, new DateOnly(1976, 3, 15), DateOnly.Parse(moveDate), Henan, Guangdong, Shanghai));

    [Theory]
    [InlineData("2026-06-29", false)] // 39 years 11 months
    [InlineData("2026-06-30", true)]  // 40 years 0 months
    public void Applies_WomanAtForty_Boundary(string moveDate, bool expected) =>
        Assert.Equal(expected, TemporaryAccountRule.Applies(
            Sex.Female, new DateOnly(1986, 6, 30), DateOnly.Parse(moveDate), Henan, Guangdong, Shanghai));

    [Fact]
    public void Applies_WomanOfFortyNine_BelowTheMensThreshold_StillApplies() =>
        Assert.True(TemporaryAccountRule.Applies(
            Sex.Female, new DateOnly(1977, 1, 1), new DateOnly(2026, 1, 1), Henan, Guangdong, Shanghai));

    [Fact]
    public void Applies_ReturnToHukouProvince_IsExempt() =>
        Assert.False(TemporaryAccountRule.Applies(
            Sex.Male, new DateOnly(1970, 1, 1), new DateOnly(2026, 1, 1), Henan, Guangdong, Henan));

    [Fact]
    public void Applies_ReturnToAnotherCityOfTheHukouProvince_IsExempt() =>
        // Zhengzhou (410100) is in Henan: the rule is by province.
        Assert.False(TemporaryAccountRule.Applies(
            Sex.Male, new DateOnly(1970, 1, 1), new DateOnly(2026, 1, 1), "410300", "440300", "410100"));

    [Fact]
    public void Applies_MoveInsideOneProvince_DoesNotApply() =>
        // Shenzhen (440300) to Guangzhou (440100): not across provinces.
        Assert.False(TemporaryAccountRule.Applies(
            Sex.Male, new DateOnly(1970, 1, 1), new DateOnly(2026, 1, 1), Henan, "440300", "440100"));

    [Fact]
    public void Applies_FirstInsuranceOutsideHukou_AppliesUnder2016Rules() =>
        Assert.True(TemporaryAccountRule.Applies(
            Sex.Male, new DateOnly(1970, 1, 1), new DateOnly(2026, 1, 1), Henan, null, Shanghai));

    [Fact]
    public void Applies_FirstInsuranceInHukou_DoesNotApply() =>
        Assert.False(TemporaryAccountRule.Applies(
            Sex.Male, new DateOnly(1970, 1, 1), new DateOnly(2026, 1, 1), Henan, null, Henan));

    [Fact]
    public void Applies_JourneyTwo_LiMeiAt52FromHangzhouToShanghai()
    {
        // journeys.md §2: hukou Henan, 9 years in Hangzhou, moves to Shanghai at 52 → temporary account.
        Assert.True(TemporaryAccountRule.Applies(
            Sex.Female, new DateOnly(1973, 9, 1), new DateOnly(2025, 10, 1), Henan, "330100", "310100"));
    }

    [Fact]
    public void Applies_JourneyOne_WangJunGoingHome_DoesNotApply() =>
        // journeys.md §1: born 1979, hukou Sichuan, Shenzhen → Chengdu in March 2026.
        Assert.False(TemporaryAccountRule.Applies(
            Sex.Male, new DateOnly(1979, 5, 1), new DateOnly(2026, 3, 1), "510000", "440300", "510100"));

    [Theory]
    [InlineData("41000")]
    [InlineData("4100000")]
    [InlineData("41000A")]
    public void Applies_MalformedRegionCode_IsInvalidInput(string hukou) =>
        Assert.Equal("region-code-format", Assert.Throws<JinBaoException>(() => TemporaryAccountRule.Applies(
            Sex.Male, new DateOnly(1970, 1, 1), new DateOnly(2026, 1, 1), hukou, Zhejiang, Shanghai)).Code);

    [Fact]
    public void Applies_UnknownSex_IsInvalidInput() =>
        Assert.Equal("sex-unknown", Assert.Throws<JinBaoException>(() => TemporaryAccountRule.Applies(
            (Sex)0, new DateOnly(1970, 1, 1), new DateOnly(2026, 1, 1), Henan, Zhejiang, Shanghai)).Code);
}
