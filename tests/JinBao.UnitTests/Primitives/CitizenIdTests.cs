using System.Text.Json;

using JinBao.Errors;
using JinBao.Primitives;

namespace JinBao.UnitTests.Primitives;

public sealed class CitizenIdTests
{
    private static readonly DateOnly Today = new(2026, 1, 1);

    [Theory]
    // The three valid examples of spec §1.1.
    [InlineData("440304198808151232", "440304", "1988-08-15", 123, Sex.Male, "440000")]
    [InlineData("510104197503010466", "510104", "1975-03-01", 46, Sex.Female, "510000")]
    [InlineData("50010319650117777X", "500103", "1965-01-17", 777, Sex.Male, "500000")]
    public void Parse_SpecExamples_AreValid(string text, string address, string birth, int sequence, Sex sex, string province)
    {
        var id = CitizenId.Parse(text, Today);

        Assert.Equal(text, id.Value);
        Assert.Equal(address, id.AddressCode);
        Assert.Equal(DateOnly.Parse(birth, System.Globalization.CultureInfo.InvariantCulture), id.BirthDate);
        Assert.Equal(sex, id.Sex);
        Assert.Equal(RegionCode.Parse(province), id.ProvinceCode);
        Assert.Equal(id, CitizenId.Create(address, id.BirthDate, sequence));
    }

    [Theory]
    // Spec §1.1 invalid examples: a wrong check character, and a checksum that passes on 2001-02-29.
    [InlineData("440304198808151233", CitizenIdRule.Checksum, "citizen-id-checksum")]
    [InlineData("110105200102290029", CitizenIdRule.BirthDate, "citizen-id-birth-date")]
    [InlineData("110105200113010029", CitizenIdRule.BirthDate, "citizen-id-birth-date")]
    [InlineData("990304198808151232", CitizenIdRule.Province, "citizen-id-province")]
    [InlineData("000304198808151232", CitizenIdRule.Province, "citizen-id-province")]
    public void Parse_SpecInvalidExamples_NameTheRule(string text, CitizenIdRule rule, string code)
    {
        var error = Assert.Throws<InvalidCitizenIdException>(() => CitizenId.Parse(text, Today));

        Assert.Equal(rule, error.Rule);
        Assert.Equal(code, error.Code);
        Assert.Equal(ErrorKind.InvalidInput, error.Kind);
        // Messages are logged, so they must not carry the full number.
        Assert.DoesNotContain(text, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("44030419880815123")]      // 17
    [InlineData("4403041988081512321")]    // 19
    [InlineData("440304880815123")]        // legacy 15-digit
    [InlineData("")]
    [InlineData("44030419880815123A")]     // only X may be a letter
    [InlineData("4403041988O8151232")]     // letter O for zero
    [InlineData("440304 98808151232")]
    [InlineData("４40304198808151232")]    // a full-width digit
    [InlineData("X40304198808151232")]
    public void Parse_WrongLengthOrCharacters_IsFormatError(string text) =>
        Assert.Equal(CitizenIdRule.Format, Assert.Throws<InvalidCitizenIdException>(() => CitizenId.Parse(text, Today)).Rule);

    [Fact]
    public void Parse_LegacyNumber_SaysToUpgrade() =>
        Assert.Contains("15-digit", Assert.Throws<InvalidCitizenIdException>(() => CitizenId.Parse("440304880815123")).Message, StringComparison.Ordinal);

    [Fact]
    public void Parse_LowercaseX_IsNormalisedToUppercase()
    {
        var id = CitizenId.Parse("50010319650117777x", Today);

        Assert.Equal("50010319650117777X", id.Value);
        Assert.Equal(CitizenId.Parse("50010319650117777X", Today), id);
    }

    [Fact]
    public void Parse_BirthDateAfterToday_IsRejected()
    {
        var tomorrow = CitizenId.Create("440304", Today.AddDays(1), 1).Value;

        Assert.Equal(CitizenIdRule.BirthDateInFuture, Assert.Throws<InvalidCitizenIdException>(() => CitizenId.Parse(tomorrow, Today)).Rule);
        Assert.False(CitizenId.TryParse(tomorrow, Today, out _));
    }

    [Fact]
    public void Parse_BornToday_IsValid() =>
        Assert.Equal(Today, CitizenId.Parse(CitizenId.Create("440304", Today, 1).Value, Today).BirthDate);

    [Fact]
    public void Parse_WithoutToday_UsesTheRealDate()
    {
        Assert.True(CitizenId.TryParse("440304198808151232", out _));
        Assert.Equal(CitizenIdRule.BirthDateInFuture,
            Assert.Throws<InvalidCitizenIdException>(() => CitizenId.Parse(CitizenId.Create("440304", new DateOnly(9000, 1, 1), 1).Value)).Rule);
    }

    [Fact]
    public void Parse_AbolishedCounty_IsValid()
    {
        // 110103 Chongwen district was merged into Dongcheng in 2010; ids issued before keep it (spec §1.1 rule 3).
        var id = CitizenId.Parse(CitizenId.Create("110103", new DateOnly(1970, 5, 4), 12).Value, Today);

        Assert.Equal(RegionCode.Parse("110000"), id.ProvinceCode);
    }

    [Theory]
    // Residence permits for Hong Kong, Macao and Taiwan residents (spec §1.1 rule 4) and GB/T 2260 Taiwan.
    [InlineData("810000")]
    [InlineData("820000")]
    [InlineData("830000")]
    [InlineData("710000")]
    public void Parse_HongKongMacaoTaiwan_IsValidWithoutProvince(string address)
    {
        var id = CitizenId.Parse(CitizenId.Create(address, new DateOnly(1990, 7, 1), 35).Value, Today);

        Assert.Null(id.ProvinceCode);
    }

    [Fact]
    public void TryParse_Null_IsFalse()
    {
        Assert.False(CitizenId.TryParse(null, out var id));
        Assert.Equal(default, id);
    }

    [Fact]
    public void Masked_KeepsAddressCodeAndCheckCharacter() =>
        Assert.Equal("440304***********2", CitizenId.Parse("440304198808151232", Today).Masked);

    [Fact]
    public void ToString_IsTheFullNumber() =>
        Assert.Equal("50010319650117777X", CitizenId.Parse("50010319650117777X", Today).ToString());

    [Theory]
    // 1975-03-01: 49y11m the day before the 50th birthday, 50y0m on it (temporary-account boundary, spec §3.3).
    [InlineData("510104197503010466", "2025-02-28", 599, 49)]
    [InlineData("510104197503010466", "2025-03-01", 600, 50)]
    [InlineData("510104197503010466", "1975-03-01", 0, 0)]
    [InlineData("440304198808151232", "2025-08-14", 443, 36)]
    [InlineData("440304198808151232", "2025-08-15", 444, 37)]
    public void AgeOn_CountsCompletedMonthsAndYears(string text, string on, int months, int years)
    {
        var id = CitizenId.Parse(text, Today);
        var date = DateOnly.Parse(on, System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(months, id.AgeInMonthsOn(date));
        Assert.Equal(years, id.AgeOn(date));
    }

    [Fact]
    public void AgeOn_LeapDayBirthday_IsReachedOn28FebruaryInCommonYears()
    {
        var id = CitizenId.Create("440304", new DateOnly(2000, 2, 29), 2);

        Assert.Equal(0, id.AgeOn(new DateOnly(2001, 2, 27)));
        Assert.Equal(1, id.AgeOn(new DateOnly(2001, 2, 28)));
        Assert.Equal(4, id.AgeOn(new DateOnly(2004, 2, 29)));
    }

    [Theory]
    // Codes no edition of GB/T 2260 ever had: the province digits alone no longer make an id valid (spec §1.1 rule 3).
    [InlineData("440399")]
    [InlineData("110199")]
    [InlineData("441999")]
    public void Create_InventedCounty_IsAddressCodeError(string address)
    {
        var error = Assert.Throws<InvalidCitizenIdException>(() => CitizenId.Create(address, new DateOnly(1990, 7, 1), 35));

        Assert.Equal((CitizenIdRule.AddressCode, "citizen-id-address-code"), (error.Rule, error.Code));
    }

    [Theory]
    [InlineData("440304", "广东省深圳市福田区")]
    [InlineData("500103", "重庆市渝中区")]
    [InlineData("110103", "北京市崇文区（已撤销）")]   // abolished in 2010, still on ids issued before
    [InlineData("440301", "广东省深圳市市辖区")]       // a prefecture's urban districts taken together, as the yearly lists had them
    [InlineData("440300", "广东省深圳市")]
    [InlineData("810000", "香港特别行政区")]
    [InlineData("830000", "台湾居民居住证")]
    public void AddressPlace_NamesTheCodesPlace(string address, string place) =>
        Assert.Equal(place, CitizenId.Create(address, new DateOnly(1990, 7, 1), 35).AddressPlace);

    [Fact]
    public void AgeOn_BeforeBirth_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => CitizenId.Parse("440304198808151232", Today).AgeOn(new DateOnly(1988, 8, 14)));

    [Fact]
    public void Create_BadInputs_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => CitizenId.Create("440304", Today, 1000));
        Assert.Equal(CitizenIdRule.Format, Assert.Throws<InvalidCitizenIdException>(() => CitizenId.Create("44030", Today, 1)).Rule);
        Assert.Equal(CitizenIdRule.Province, Assert.Throws<InvalidCitizenIdException>(() => CitizenId.Create("990304", Today, 1)).Rule);
    }

    [Fact]
    public void Json_IsPlainString_AlsoAsDictionaryKey()
    {
        var id = CitizenId.Parse("50010319650117777X", Today);
        var json = JsonSerializer.Serialize(new Dictionary<CitizenId, CitizenId> { [id] = id });

        Assert.Equal("""{"50010319650117777X":"50010319650117777X"}""", json);
        Assert.Equal(id, JsonSerializer.Deserialize<Dictionary<CitizenId, CitizenId>>(json)![id]);
    }

    [Fact]
    public void Json_InvalidNumber_IsJsonException() =>
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<CitizenId>("\"440304198808151233\""));

    [Fact]
    public void Default_IsNotANumber() =>
        Assert.Throws<InvalidOperationException>(() => default(CitizenId).Masked);
}
