using JinBao.Api.Tests.Infrastructure;

using static JinBao.Api.Tests.Infrastructure.ApiFixture;

namespace JinBao.Api.Tests.Errors;

/// <summary>
/// What a hostile-input probe found answered 500 or silently bent (issue 17): numbers beyond 32 bits in a rule, a purpose
/// longer than documented, a negative limit, a JSON-ish content type; and what the schema-driven run (HostileInputTests)
/// found: NULs and line breaks that reached PostgreSQL, a padded transfer id, a multipart token request that was none.
/// Each is now a 4xx that changes nothing.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class DocumentedLimitsTests(ApiFixture fixture)
{
    [Theory]
    [InlineData("percent", "1e12")]
    [InlineData("percent", "2147483648")]
    [InlineData("fixedFen", "3000000000")]
    [InlineData("fixedFen", "9223372036854775807")]
    public async Task AdjustmentRule_NumbersBeyond32Bits_Are400NotA500(string field, string value)
    {
        var supervisor = await fixture.SupervisorAsync(Shenzhen);
        var percent = field == "percent" ? value : "2.5";
        var fixedFen = field == "fixedFen" ? value : "1000";
        var body = $$"""{"scope":"440000","effectiveMonth":"2031-01","percent":{{percent}},"fixedFen":{{fixedFen}},"description":"probe"}""";

        var problem = await (await supervisor.PostRawAsync("/api/v1/pension-payments/440000/adjustment-rules", body, "application/json")).ExpectAsync(400);

        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        var rules = await (await supervisor.GetAsync("/api/v1/pension-payments/440000/adjustment-rules")).ExpectAsync(200);
        Assert.DoesNotContain(rules.EnumerateArray(), rule => rule.GetProperty("effectiveMonth").GetString() == "2031-01");
    }

    [Fact]
    public async Task Purpose_LongerThanDocumented_Is400_AndAtTheLimitIsRecordedWhole()
    {
        var shenzhen = await fixture.CitySystemAsync(Shenzhen);
        var person = TestPeople.Next().Value;
        await (await shenzhen.PostJsonAsync("/api/v1/persons", new { citizenId = person, hukouRegion = Shenzhen, enrolledOn = "2020-01-01" })).ExpectAsync(201);

        using var tooLong = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/persons/{person}");
        tooLong.Headers.Add("JinBao-Purpose", new string('p', 201));
        var problem = await (await shenzhen.SendAsync(tooLong)).ExpectAsync(400);
        Assert.True(problem.GetProperty("errors").TryGetProperty("JinBao-Purpose", out _), problem.ToString());

        using var atLimit = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/persons/{person}");
        atLimit.Headers.Add("JinBao-Purpose", new string('p', 200));
        await (await shenzhen.SendAsync(atLimit)).ExpectAsync(200);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("0")]
    [InlineData("1001")]
    public async Task Limit_OutsideItsRange_Is400(string limit)
    {
        var supervisor = await fixture.SupervisorAsync(Shenzhen);

        var problem = await (await supervisor.GetAsync($"/api/v1/pension-payments/440000/recovery-cases?limit={limit}")).ExpectAsync(400);

        Assert.True(problem.GetProperty("errors").TryGetProperty("limit", out _), problem.ToString());
        await (await supervisor.GetAsync("/api/v1/pension-payments/440000/recovery-cases?limit=1000")).ExpectAsync(200);
    }

    [Theory]
    [InlineData("application/merge-patch+json")]
    [InlineData("application/vnd.jinbao+json")]
    public async Task JsonLikeContentTypes_Are415_AndChangeNothing(string contentType)
    {
        var shenzhen = await fixture.CitySystemAsync(Shenzhen);
        var person = TestPeople.Next().Value;

        var problem = await (await shenzhen.PostRawAsync("/api/v1/persons", $$"""{"citizenId":"{{person}}","hukouRegion":"{{Shenzhen}}","enrolledOn":"2020-01-01"}""", contentType)).ExpectAsync(415);

        Assert.Equal("unsupported-media-type", problem.Code());
        await (await shenzhen.GetAsync($"/api/v1/persons/{person}")).ExpectAsync(404);
    }

    [Theory]
    [InlineData("%00")]
    [InlineData("a%0D%0Ab")]
    public async Task Purpose_WithControlCharacters_Is400_NotA503(string purpose)
    {
        var shenzhen = await fixture.CitySystemAsync(Shenzhen);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/persons/{await fixture.PersonAsync()}");
        request.Headers.Add("JinBao-Purpose", purpose);

        var problem = await (await shenzhen.SendAsync(request)).ExpectAsync(400);

        Assert.StartsWith("purpose-control-character:", problem.GetProperty("errors").GetProperty("JinBao-Purpose")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Text_WithANul_Is400NamingTheField_NotA500()
    {
        var supervisor = await fixture.SupervisorAsync(Shenzhen);
        var rule = """{"scope":"440000","effectiveMonth":"2039-07","percent":2.5,"fixedFen":1000,"description":"probe\u0000"}""";
        var example = await fixture.ExamplePostAsync("SettleBill");
        example.Body["lines"]![0]!["itemCode"] = "G90-INSCOPE\u0000";

        var ruleProblem = await (await supervisor.PostRawAsync("/api/v1/pension-payments/440000/adjustment-rules", rule, "application/json")).ExpectAsync(400);
        var billProblem = await (await (await fixture.CitySystemAsync(Shenzhen)).PostJsonAsync(example.Url, example.Body)).ExpectAsync(400);

        Assert.StartsWith("control-character:", ruleProblem.GetProperty("errors").GetProperty("description")[0].GetString(), StringComparison.Ordinal);
        Assert.StartsWith("control-character:", billProblem.GetProperty("errors").GetProperty("lines[0].itemCode")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task QueryParameter_WithANul_Is400_NotA503()
    {
        var shenzhen = await fixture.CitySystemAsync(Shenzhen);

        var problem = await (await shenzhen.GetAsync($"/api/v1/agencies/{Shenzhen}/persons?name=%E5%BC%A0%00")).ExpectAsync(400);

        Assert.StartsWith("control-character:", problem.GetProperty("errors").GetProperty("name")[0].GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("%20{0}")]
    [InlineData("{0}%20")]
    public async Task TransferId_PaddedWithBlanks_Is400(string shape)
    {
        var shenzhen = await fixture.CitySystemAsync(Shenzhen);
        var transfer = await fixture.AppliedTransferAsync(Guangzhou, Shenzhen);

        var problem = await (await shenzhen.GetAsync($"/api/v1/pension-transfers/{string.Format(System.Globalization.CultureInfo.InvariantCulture, shape, transfer.Id)}")).ExpectAsync(400);

        Assert.StartsWith("transfer-id-format:", problem.GetProperty("errors").GetProperty("transferId")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TokenRequest_MultipartThatIsNone_IsInvalidRequest_NotA500()
    {
        using var anonymous = fixture.Anonymous();
        using var form = new StringContent("grant_type=password&username=a@440300&password=x");
        form.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("multipart/form-data; boundary=x");

        var problem = await (await anonymous.PostAsync("/api/v1/auth/token", form)).ExpectAsync(400);

        Assert.Equal("invalid-request", problem.Code());
    }
}
