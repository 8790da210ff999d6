using System.Text.Json;

using JinBao.Errors;
using JinBao.Primitives;

namespace JinBao.UnitTests.Primitives;

public sealed class RegionCodeTests
{
    [Fact]
    public void Parse_Shenzhen_IsCityInGuangdong()
    {
        var shenzhen = RegionCode.Parse("440300");

        Assert.Equal("深圳市", shenzhen.Name);
        Assert.Equal("Shenzhen", shenzhen.EnglishName);
        Assert.Equal(RegionLevel.City, shenzhen.Level);
        Assert.False(shenzhen.IsProvince);
        Assert.Equal(RegionCode.Parse("440000"), shenzhen.Province);
        Assert.Equal("Guangdong", shenzhen.Province.EnglishName);
        Assert.Equal("广东省", shenzhen.Province.Name);
    }

    [Fact]
    public void Parse_Chengdu_IsCityInSichuan()
    {
        var chengdu = RegionCode.Parse("510100");

        Assert.Equal("Chengdu", chengdu.EnglishName);
        Assert.Equal("Sichuan", chengdu.Province.EnglishName);
    }

    [Fact]
    public void Province_OfProvince_IsItself()
    {
        var henan = RegionCode.Parse("410000");

        Assert.True(henan.IsProvince);
        Assert.Equal(henan, henan.Province);
    }

    [Fact]
    public void Parse_UnknownCode_IsTypedErrorNamingTheCode()
    {
        var error = Assert.Throws<JinBaoException>(() => RegionCode.Parse("999999"));

        Assert.Equal("region-unknown", error.Code);
        Assert.Equal(ErrorKind.InvalidInput, error.Kind);
        Assert.Contains("999999", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("44030")]
    [InlineData("4403000")]
    [InlineData("44030a")]
    [InlineData("４４０３００")] // full-width digits are not ASCII digits
    [InlineData("")]
    public void Parse_Malformed_IsFormatErrorNamingTheText(string text)
    {
        var error = Assert.Throws<JinBaoException>(() => RegionCode.Parse(text));

        Assert.Equal("region-format", error.Code);
        Assert.Contains($"'{text}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_CountyCode_IsUnknown() =>
        // County-level codes are valid GB/T 2260 but not regions of the catalogue.
        Assert.Equal("region-unknown", Assert.Throws<JinBaoException>(() => RegionCode.Parse("440304")).Code);

    [Theory]
    [InlineData("440300", true)]
    [InlineData("999999", false)]
    [InlineData(null, false)]
    public void IsKnown_MatchesTryParse(string? text, bool known)
    {
        Assert.Equal(known, RegionCode.IsKnown(text));
        Assert.Equal(known, RegionCode.TryParse(text, out _));
    }

    [Fact]
    public void Provinces_AreExactlyThe31OfSpec()
    {
        Assert.Equal(31, RegionCode.Provinces.Count);
        Assert.All(RegionCode.Provinces, p => Assert.True(p.IsProvince));
        Assert.All(RegionCode.Provinces, p => Assert.EndsWith("0000", p.Value, StringComparison.Ordinal));
    }

    [Fact]
    public void All_EveryCitysProvinceIsInCatalogue()
    {
        var cities = RegionCode.All.Where(r => !r.IsProvince).ToArray();

        Assert.NotEmpty(cities);
        Assert.All(cities, c => Assert.Contains(c.Province, RegionCode.Provinces));
        Assert.All(cities, c => Assert.StartsWith(c.Value[..2], c.Province.Value, StringComparison.Ordinal));
    }

    [Theory]
    // Spec §1.3 table, the municipalities' urban districts, and the cities named elsewhere in the spec.
    [InlineData("130100 140100 150100 210100 210200 220100 230100 320100 320500 330100 330200 350100")]
    [InlineData("350200 360100 370100 370200 410100 420100 430100 440100 440300 440600 441900 450100")]
    [InlineData("460100 510100 520100 530100 540100 610100 620100 630100 640100 650100 340100 320200")]
    [InlineData("110100 120100 310100 500100 442000 460400 620200 460200 511300")]
    public void All_ContainsSpecCities(string codes) =>
        Assert.All(codes.Split(' '), code => Assert.Equal(RegionLevel.City, RegionCode.Parse(code).Level));

    [Fact]
    public void Json_IsPlainString_AlsoAsDictionaryKey()
    {
        var shenzhen = RegionCode.Parse("440300");
        var json = JsonSerializer.Serialize(new Dictionary<RegionCode, RegionCode> { [shenzhen] = shenzhen.Province });

        Assert.Equal("""{"440300":"440000"}""", json);
        Assert.Equal(shenzhen.Province, JsonSerializer.Deserialize<Dictionary<RegionCode, RegionCode>>(json)![shenzhen]);
    }

    [Fact]
    public void Json_UnknownCode_IsJsonException() =>
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<RegionCode>("\"999999\""));

    [Fact]
    public void Default_IsNotARegion() =>
        Assert.Throws<InvalidOperationException>(() => default(RegionCode).Name);
}
