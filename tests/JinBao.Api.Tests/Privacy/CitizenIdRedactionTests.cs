using JinBao.Privacy;

namespace JinBao.Api.Tests.Privacy;

public sealed class CitizenIdRedactionTests
{
    [Theory]
    [InlineData("GET /api/v1/persons/44030419850101123X", "GET /api/v1/persons/440304***********X")]
    [InlineData("person/440304198501011234@c7d4", "person/440304***********4@c7d4")]
    [InlineData("two 110101199003070011,440304198501011234.", "two 110101***********1,440304***********4.")]
    [InlineData("a 19-digit run 1234567890123456789 stays", "a 19-digit run 1234567890123456789 stays")]
    [InlineData("no id here", "no id here")]
    public void Redact_MasksEveryIdShapedRun(string text, string expected) =>
        Assert.Equal(expected, CitizenIdRedaction.Redact(text));
}
