using System.Net;
using System.Text.Json;

using JinBao.Api.Tests.Infrastructure;

using static JinBao.Api.Tests.Infrastructure.ApiFixture;

namespace JinBao.Api.Tests.Errors;

/// <summary>Fields of a body by their JSON names: unknown ones are refused, field errors name the JSON field.</summary>
[Collection(ApiCollection.Name)]
public sealed class RequestFieldTests(ApiFixture fixture)
{
    [Fact]
    public async Task UnknownField_Is400NamingTheJsonField_AndChangesNothing()
    {
        var client = await fixture.CitySystemAsync(Shenzhen);
        var person = TestPeople.Next().Value;
        var idempotencyRows = await fixture.CountAsync("SELECT count(*) FROM jinbao_api_idempotency");

        // A misspelt optional field: silently dropped, the person would be insured in the caller's city instead.
        using var response = await client.PostJsonAsync("/api/v1/persons", new Dictionary<string, object?>
        {
            ["citizenId"] = person, ["hukouRegion"] = Shenzhen, ["insuringCty"] = Guangzhou, ["enrolledOn"] = "2025-01-01",
        });

        var problem = await response.ExpectAsync(400);
        Assert.Equal("validation", problem.Code());
        var errors = problem.GetProperty("errors");
        Assert.Equal(["insuringCty"], errors.EnumerateObject().Select(e => e.Name));
        Assert.StartsWith("unknown-field: insuringCty is not a field", errors.GetProperty("insuringCty")[0].GetString(), StringComparison.Ordinal);
        AssertNamesNoDotNet(problem.GetRawText());
        await (await client.GetAsync($"/api/v1/persons/{person}")).ExpectAsync(404);
        Assert.Equal(idempotencyRows, await fixture.CountAsync("SELECT count(*) FROM jinbao_api_idempotency"));
    }

    [Fact]
    public async Task UnknownFieldOfANestedObject_Is400NamingItsPath()
    {
        var client = await fixture.CitySystemAsync(Shenzhen);

        using var response = await client.PostJsonAsync("/api/v1/medical/settlements", new
        {
            settlementId = $"M-{Guid.NewGuid():N}",
            citizenId = TestPeople.Next().Value,
            admittedOn = "2026-11-02",
            lines = new[] { new { itemCode = "G90-INSCOPE", quantity = 1, unitPriceFen = 800_000, discountFen = 100 } },
        });

        var problem = await response.ExpectAsync(400);
        Assert.Equal(["lines[0].discountFen"], problem.GetProperty("errors").EnumerateObject().Select(e => e.Name));
        Assert.StartsWith("unknown-field: lines[0].discountFen", problem.GetProperty("errors").GetProperty("lines[0].discountFen")[0].GetString(), StringComparison.Ordinal);
        AssertNamesNoDotNet(problem.GetRawText());
    }

    [Fact]
    public async Task SameKey_BodiesDifferingOnlyInAnUnknownField_IsNoReplay()
    {
        var client = await fixture.CitySystemAsync(Shenzhen);
        var person = await fixture.EnrolledAsync(Shenzhen);
        var key = Guid.NewGuid().ToString();

        using var first = await client.PostJsonAsync($"/api/v1/persons/{person.Value}/contributions", new { month = "2025-03", declaredBaseFen = 800_000 }, key);
        using var second = await client.PostJsonAsync($"/api/v1/persons/{person.Value}/contributions", new { month = "2025-03", declaredBaseFen = 800_000, declaredBaseYuan = 9000 }, key);

        await first.ExpectAsync(201);
        var problem = await second.ExpectAsync(400);
        Assert.False(second.Headers.Contains("Idempotent-Replayed"));
        Assert.True(problem.GetProperty("errors").TryGetProperty("declaredBaseYuan", out _), problem.GetRawText());
    }

    [Fact]
    public async Task FieldErrors_NameTheJsonFields_InKeysAndMessages()
    {
        var client = await fixture.CitySystemAsync(Shenzhen);
        var person = await fixture.EnrolledAsync(Shenzhen);
        var transfer = await fixture.AppliedTransferAsync(Guangzhou, Shenzhen);

        var declaration = await (await client.PostJsonAsync($"/api/v1/persons/{person.Value}/contributions", new { month = "2025-03" })).ExpectAsync(400);
        var range = await (await client.PostJsonAsync($"/api/v1/persons/{person.Value}/contributions", new { month = "2025-03", declaredBaseFen = 0 })).ExpectAsync(400);
        var rejection = await (await client.PostJsonAsync($"/api/v1/pension-transfers/{transfer.Id}/reject", new { reason = new string('r', 501) })).ExpectAsync(400);
        var enrolment = await (await client.PostJsonAsync("/api/v1/persons", new { citizenId = TestPeople.Next().Value, hukouRegion = Shenzhen })).ExpectAsync(400);

        AssertFieldError(declaration, "declaredBaseFen", "DeclaredBaseFen");
        AssertFieldError(range, "declaredBaseFen", "DeclaredBaseFen");
        AssertFieldError(rejection, "reason", "Reason");
        AssertFieldError(enrolment, "enrolledOn", "EnrolledOn");
    }

    private static void AssertFieldError(JsonElement problem, string field, string dotNetName)
    {
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out var messages), problem.GetRawText());
        var message = messages[0].GetString()!;
        Assert.Contains(field, message, StringComparison.Ordinal);
        Assert.DoesNotContain(dotNetName, message, StringComparison.Ordinal);
    }

    // No C# type or member, no exception text: the caller knows only the JSON document.
    private static void AssertNamesNoDotNet(string text)
    {
        foreach (var dotNet in new[] { "JinBao.", "Request", "System.", "Exception", "Path:", "LineNumber", ".NET member" })
        {
            Assert.DoesNotContain(dotNet, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task KnownFieldsInAnotherCase_AreStillRead()
    {
        // The web defaults read property names case-insensitively; refusing unknown fields must not change that.
        var client = await fixture.CitySystemAsync(Shenzhen);
        var person = await fixture.EnrolledAsync(Shenzhen);

        using var response = await client.PostJsonAsync($"/api/v1/persons/{person.Value}/contributions", new { Month = "2025-04", DeclaredBaseFen = 800_000 });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }
}
