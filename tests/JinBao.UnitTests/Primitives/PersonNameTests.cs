using JinBao.Errors;
using JinBao.Persons;
using JinBao.Primitives;

namespace JinBao.UnitTests.Primitives;

public sealed class PersonNameTests
{
    [Theory]
    [InlineData("王军", "王军")]
    [InlineData("  张三丰 ", "张三丰")]
    [InlineData("阿依古丽·买买提", "阿依古丽·买买提")]
    [InlineData("欧阳娜娜", "欧阳娜娜")]
    [InlineData("𠀾小明", "𠀾小明")]                      // a supplementary-plane surname counts as one character
    [InlineData("Anna-Maria Li", "Anna-Maria Li")]
    [InlineData("Jose\u0301", "Jose\u0301")]             // é decomposed: e and a combining accent
    [InlineData("王", "王")]
    public void Validate_AcceptsNames_Trimmed(string text, string expected)
    {
        Assert.Equal(expected, PersonName.Validate(text));
        Assert.True(PersonName.TryValidate(text, out var name));
        Assert.Equal(expected, name);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("张3")]
    [InlineData("·张三")]
    [InlineData("张三·")]
    [InlineData("张··三")]
    [InlineData("张 - 三")]
    [InlineData("-Li")]
    [InlineData("Robert'); DROP TABLE persons;--")]
    [InlineData("<script>")]
    [InlineData("张三\n李四")]
    [InlineData("张三😀")]
    public void Validate_RefusesWhatIsNoName_WithATypedErrorThatDoesNotRepeatIt(string text)
    {
        var error = Assert.Throws<JinBaoException>(() => PersonName.Validate(text));

        Assert.Equal(ErrorKind.InvalidInput, error.Kind);
        Assert.Equal("person-name-invalid", error.Code);
        if (text.Trim().Length > 0)
        {
            Assert.DoesNotContain(text.Trim(), error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Validate_FortyCharactersPass_FortyOneDoNot()
    {
        Assert.Equal(40, PersonName.Validate(new string('张', 40)).Length);
        Assert.Equal(80, PersonName.Validate(string.Concat(Enumerable.Repeat("𠀾", 40))).Length); // 40 characters, 80 UTF-16 units
        Assert.Throws<JinBaoException>(() => PersonName.Validate(new string('张', 41)));
        Assert.False(PersonName.TryValidate(null, out _));
    }

    [Theory]
    [InlineData("张三丰", "张**")]
    [InlineData("王军", "王*")]
    [InlineData("王", "*")]
    [InlineData("阿依古丽·买买提", "阿*******")]
    [InlineData("𠀾小明", "𠀾**")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void Mask_KeepsTheFirstCharacterAndTheLength(string? name, string expected) =>
        Assert.Equal(expected, PersonName.Mask(name));

    [Fact]
    public void CommandAndRecordText_ShowTheNameMasked()
    {
        var id = CitizenId.Create("440304", new DateOnly(1985, 5, 1), 123);
        var command = new EnrolPerson(RegionCode.Parse("440300"), RegionCode.Parse("440300"), new DateOnly(2025, 1, 1), Requester.System, "张三丰");
        var record = new PersonRecord(id, id.Sex, id.BirthDate, RegionCode.Parse("440300"), RegionCode.Parse("440300"), PersonStatus.Active, [], null, "张三丰");

        foreach (var text in new[] { command.ToString(), record.ToString() })
        {
            Assert.DoesNotContain("三丰", text, StringComparison.Ordinal);
            Assert.Contains("Name = 张**", text, StringComparison.Ordinal);
        }

        Assert.Contains("EnrolledOn = 2025-01-01", command.ToString(), StringComparison.Ordinal);
        Assert.Contains("InsuringCity = 440300", record.ToString(), StringComparison.Ordinal);
    }
}
