using JinBao.Api.Tests.Infrastructure;

using static JinBao.Api.Tests.Infrastructure.ApiFixture;

namespace JinBao.Api.Tests.Idempotency;

[Collection(ApiCollection.Name)]
public sealed class IdempotencyTests(ApiFixture fixture)
{
    [Fact]
    public async Task SameKeySameBody_ReturnsTheOriginalAnswerWithoutExecutingAgain()
    {
        var shenzhen = await fixture.CitySystemAsync(Shenzhen);
        var id = (await fixture.EnrolledAsync(Shenzhen)).Value;
        var key = Guid.NewGuid().ToString();
        var body = new { month = "2025-03", declaredBaseFen = 850_000 };

        using var first = await shenzhen.PostJsonAsync($"/api/v1/persons/{id}/contributions", body, key);
        using var second = await shenzhen.PostJsonAsync($"/api/v1/persons/{id}/contributions", body, key);

        Assert.Equal(201, (int)first.StatusCode);
        Assert.Equal(201, (int)second.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal("true", second.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(1, await ExecutionsAsync(key));
        Assert.Equal(1, await fixture.CountAsync("SELECT count(*) FROM jinbao_events WHERE stream = @s AND type = 'contribution-declared'", ("s", $"person:{id}")));
    }

    [Fact]
    public async Task SameKeyAtOnce_ExecutesOnce_AndBothGetTheSameAnswer()
    {
        var shenzhen = await fixture.CitySystemAsync(Shenzhen);
        var id = (await fixture.MovedAsync(Guangzhou, Shenzhen)).Value;
        var key = Guid.NewGuid().ToString();
        var body = new { citizenId = id, fromCity = Guangzhou };

        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => shenzhen.PostJsonAsync("/api/v1/pension-transfers", body, key)));

        var bodies = await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync()));
        Assert.All(responses, r => Assert.Equal(201, (int)r.StatusCode));
        Assert.Single(bodies.Distinct());
        Assert.Equal(1, await ExecutionsAsync(key));
        Assert.Equal(3, await fixture.CountAsync("SELECT count(*) FROM jinbao_api_audit WHERE idempotency_key = @k AND replayed", ("k", key)));
        Assert.Equal(1, await fixture.CountAsync("SELECT count(*) FROM jinbao_events WHERE type = 'transfer-applied' AND payload->>'citizenId' = @id", ("id", id)));
    }

    [Fact]
    public async Task SameKeyOtherBody_Is422AndChangesNothing()
    {
        var shenzhen = await fixture.CitySystemAsync(Shenzhen);
        var id = (await fixture.EnrolledAsync(Shenzhen)).Value;
        var key = Guid.NewGuid().ToString();
        await (await shenzhen.PostJsonAsync($"/api/v1/persons/{id}/contributions", new { month = "2025-04", declaredBaseFen = 850_000 }, key)).ExpectAsync(201);

        var otherBody = await (await shenzhen.PostJsonAsync($"/api/v1/persons/{id}/contributions", new { month = "2025-05", declaredBaseFen = 850_000 }, key)).ExpectAsync(422);
        var otherRoute = await (await shenzhen.PostJsonAsync("/api/v1/persons", new { citizenId = id, hukouRegion = Shenzhen, enrolledOn = "2025-01-01" }, key)).ExpectAsync(422);

        Assert.Equal("idempotency-key-reused", otherBody.Code());
        Assert.Equal("idempotency-key-reused", otherRoute.Code());
        var record = await (await shenzhen.GetAsync($"/api/v1/persons/{id}")).ExpectAsync(200);
        Assert.Single(record.GetProperty("segments")[0].GetProperty("months").EnumerateArray());
    }

    [Fact]
    public async Task MissingOrInvalidKey_Is400()
    {
        var shenzhen = await fixture.CitySystemAsync(Shenzhen);
        var id = (await fixture.EnrolledAsync(Shenzhen)).Value;
        var body = new { month = "2025-04", declaredBaseFen = 850_000 };

        var missing = await (await shenzhen.PostJsonAsync($"/api/v1/persons/{id}/contributions", body, Http.NoKey)).ExpectAsync(400);
        var tooLong = await (await shenzhen.PostJsonAsync($"/api/v1/persons/{id}/contributions", body, new string('k', 101))).ExpectAsync(400);

        Assert.Equal("idempotency-key-missing", missing.Code());
        Assert.Equal("idempotency-key-invalid", tooLong.Code());
    }

    [Fact]
    public async Task KeyOfAMalformedRequest_StaysUsable()
    {
        var shenzhen = await fixture.CitySystemAsync(Shenzhen);
        var id = (await fixture.EnrolledAsync(Shenzhen)).Value;
        var key = Guid.NewGuid().ToString();

        await (await shenzhen.PostJsonAsync($"/api/v1/persons/{id}/contributions", new { month = "2025-13", declaredBaseFen = 850_000 }, key)).ExpectAsync(400);
        await (await shenzhen.PostJsonAsync($"/api/v1/persons/{id}/contributions", new { month = "2025-06", declaredBaseFen = 850_000 }, key)).ExpectAsync(201);
    }

    [Fact]
    public async Task RefusalByARule_IsStoredAndReplayedToo()
    {
        var shenzhen = await fixture.CitySystemAsync(Shenzhen);
        var id = await fixture.EnrolledAsync(Shenzhen);
        await fixture.DeclaredAsync(id, "2025-07");
        var key = Guid.NewGuid().ToString();
        var body = new { month = "2025-07", declaredBaseFen = 850_000 };

        var first = await (await shenzhen.PostJsonAsync($"/api/v1/persons/{id.Value}/contributions", body, key)).ExpectAsync(409);
        using var again = await shenzhen.PostJsonAsync($"/api/v1/persons/{id.Value}/contributions", body, key);

        Assert.Equal("contribution-month-duplicate", first.Code());
        Assert.Equal(409, (int)again.StatusCode);
        Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
    }

    [Fact]
    public async Task SameKeyFromTwoCallers_AreTwoRequests()
    {
        var shenzhen = await fixture.CitySystemAsync(Shenzhen);
        var guangzhou = await fixture.CitySystemAsync(Guangzhou);
        var key = Guid.NewGuid().ToString();

        await (await shenzhen.PostJsonAsync("/api/v1/persons", new { citizenId = TestPeople.Next().Value, hukouRegion = Shenzhen, enrolledOn = "2025-01-01" }, key)).ExpectAsync(201);
        await (await guangzhou.PostJsonAsync("/api/v1/persons", new { citizenId = TestPeople.Next().Value, hukouRegion = Guangzhou, enrolledOn = "2025-01-01" }, key)).ExpectAsync(201);

        Assert.Equal(2, await ExecutionsAsync(key));
    }

    [Fact]
    public async Task Keys_AreStoredDurablyWithTheCaller()
    {
        var shenzhen = await fixture.CitySystemAsync(Shenzhen);
        var key = Guid.NewGuid().ToString();

        await (await shenzhen.PostJsonAsync("/api/v1/persons", new { citizenId = TestPeople.Next().Value, hukouRegion = Shenzhen, enrolledOn = "2025-01-01" }, key)).ExpectAsync(201);

        var caller = await Sql.StringsAsync(fixture.ConnectionString, "SELECT caller FROM jinbao_api_idempotency WHERE key = @k AND status_code = 201", ("k", key));
        Assert.StartsWith("cs-440300-", Assert.Single(caller));
    }

    // Executions are the audited requests with this key that were not replays.
    private Task<long> ExecutionsAsync(string key) =>
        fixture.CountAsync("SELECT count(*) FROM jinbao_api_audit WHERE idempotency_key = @k AND NOT replayed", ("k", key));
}
