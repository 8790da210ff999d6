using System.Text.Json;

using JinBao.Api.Tests.Infrastructure;

using static JinBao.Api.Tests.Infrastructure.ApiFixture;

namespace JinBao.Api.Tests.Transfers;

/// <summary>Whole transfers driven through HTTP only, by the city systems and clerks of the two places (journeys.md §1).</summary>
[Collection(ApiCollection.Name)]
public sealed class TransferJourneyTests(ApiFixture fixture)
{
    [Fact]
    public async Task WangJunGoesHome_ShenzhenToChengdu_CompletesWithMonthsMerged()
    {
        var shenzhen = await fixture.CitySystemAsync(Shenzhen);
        var chengdu = await fixture.CitySystemAsync(Chengdu);
        var wang = TestPeople.Next(birthYear: 1979).Value;

        // Shenzhen's city system enrolled him years ago and declares his months.
        await (await shenzhen.PostJsonAsync("/api/v1/persons", new { citizenId = wang, hukouRegion = Chengdu, enrolledOn = "2014-03-01" })).ExpectAsync(201);
        foreach (var month in new[] { "2025-11", "2025-12", "2026-01", "2026-02" })
        {
            await (await shenzhen.PostJsonAsync($"/api/v1/persons/{wang}/contributions", new { month, declaredBaseFen = 900_000 })).ExpectAsync(201);
        }

        // He takes a job in Chengdu: its city system enrols him and applies for the transfer.
        await (await chengdu.PostJsonAsync("/api/v1/persons", new { citizenId = wang, hukouRegion = Chengdu, enrolledOn = "2026-03-01" })).ExpectAsync(201);
        await (await chengdu.PostJsonAsync($"/api/v1/persons/{wang}/contributions", new { month = "2026-03", declaredBaseFen = 800_000 })).ExpectAsync(201);
        var applyResponse = await chengdu.PostJsonAsync("/api/v1/pension-transfers", new { citizenId = wang, fromCity = Shenzhen });
        var applied = await applyResponse.ExpectAsync(201);
        var transferId = applied.GetProperty("id").GetString()!;
        Assert.Equal($"/api/v1/pension-transfers/{transferId}", applyResponse.Headers.Location?.OriginalString);

        // Chengdu's policy approves its review at once; the old place must act now, within 15 working days.
        Assert.Equal("contact-letter-issued", applied.GetProperty("status").GetString());
        Assert.Equal(Shenzhen, applied.GetProperty("awaitingCity").GetString());
        Assert.Equal(JsonValueKind.String, applied.GetProperty("dueOn").ValueKind);

        // Shenzhen finds the case in its agency's queue, reads it, checks there are no arrears and approves.
        var queue = await (await shenzhen.GetAsync($"/api/v1/agencies/{Shenzhen}/cases")).ExpectAsync(200);
        Assert.Contains(queue.EnumerateArray(), c => c.GetProperty("transferId").GetString() == transferId && c.GetProperty("awaitingThisCity").GetBoolean());
        await (await shenzhen.GetAsync($"/api/v1/pension-transfers/{transferId}")).ExpectAsync(200);
        await (await shenzhen.PostJsonAsync($"/api/v1/pension-transfers/{transferId}/approve", new { reason = "no arrears" })).ExpectAsync(200);

        // Release and merge follow by themselves.
        var done = await PollAsync(chengdu, transferId, "completed");
        var amounts = done.GetProperty("amounts");
        Assert.Equal(4, amounts.GetProperty("months").GetInt32());
        Assert.True(amounts.GetProperty("fundsMove").GetBoolean());
        Assert.True(amounts.GetProperty("individualAccountFen").GetInt64() > 0);
        var steps = done.GetProperty("timeline").EnumerateArray().Select(s => s.GetProperty("status").GetString()).ToList();
        Assert.Equal("applied", steps[0]);
        Assert.Contains("certificate-and-funds-sent", steps);
        Assert.Equal("completed", steps[^1]);

        // Chengdu now holds all five months; Shenzhen's relationship is transferred out.
        var record = await (await chengdu.GetAsync($"/api/v1/persons/{wang}")).ExpectAsync(200);
        var segments = record.GetProperty("segments").EnumerateArray().ToList();
        var chengduSegment = segments.Single(s => s.GetProperty("city").GetString() == Chengdu);
        Assert.Equal(5, chengduSegment.GetProperty("months").GetArrayLength());
        Assert.Equal("transferred-out", segments.Single(s => s.GetProperty("city").GetString() == Shenzhen).GetProperty("status").GetString());
    }

    [Fact]
    public async Task OldPlaceRejectsForArrears_ApplicantSeesWhyAndWhatToDo()
    {
        var guangzhouClerk = await fixture.ClerkAsync(Guangzhou);
        var shenzhenClerk = await fixture.ClerkAsync(Shenzhen);
        var shenzhen = await fixture.CitySystemAsync(Shenzhen);
        var id = (await fixture.MovedAsync(Guangzhou, Shenzhen)).Value;

        var applied = await (await shenzhen.PostJsonAsync("/api/v1/pension-transfers", new { citizenId = id, fromCity = Guangzhou })).ExpectAsync(201);
        var transferId = applied.GetProperty("id").GetString()!;
        Assert.Equal("applied", applied.GetProperty("status").GetString());

        // The new place's clerk reviews and sends the contact letter; the old place's clerk finds arrears.
        await (await shenzhenClerk.PostJsonAsync($"/api/v1/pension-transfers/{transferId}/approve", new { })).ExpectAsync(200);
        const string Reason = "arrears 2024-07..2024-09 at Guangzhou: settle them with the employer, then apply again";
        var rejected = await (await guangzhouClerk.PostJsonAsync($"/api/v1/pension-transfers/{transferId}/reject", new { reason = Reason })).ExpectAsync(200);

        Assert.Equal("rejected", rejected.GetProperty("status").GetString());
        var seen = await (await shenzhen.GetAsync($"/api/v1/pension-transfers/{transferId}")).ExpectAsync(200);
        Assert.Equal(Reason, seen.GetProperty("rejectionReason").GetString());
        Assert.Equal(JsonValueKind.Null, seen.GetProperty("awaitingCity").ValueKind);
    }

    [Fact]
    public async Task DecisionFromThePlaceNotAwaited_Is409AndChangesNothing()
    {
        var guangzhou = await fixture.CitySystemAsync(Guangzhou);
        var view = await fixture.AppliedTransferAsync(Guangzhou, Shenzhen);

        var problem = await (await guangzhou.PostJsonAsync($"/api/v1/pension-transfers/{view.Id}/approve", new { })).ExpectAsync(409);

        Assert.Equal("transfer-decision-wrong-place", problem.Code());
        var after = await (await guangzhou.GetAsync($"/api/v1/pension-transfers/{view.Id}")).ExpectAsync(200);
        Assert.Equal("applied", after.GetProperty("status").GetString());
    }

    [Fact]
    public async Task NewPlaceWithdraws_BeforeRelease_IsCancelled()
    {
        var shenzhen = await fixture.CitySystemAsync(Shenzhen);
        var view = await fixture.AppliedTransferAsync(Guangzhou, Shenzhen);

        var cancelled = await (await shenzhen.PostJsonAsync($"/api/v1/pension-transfers/{view.Id}/cancel", new { reason = "applied by mistake" })).ExpectAsync(200);

        Assert.Equal("cancelled", cancelled.GetProperty("status").GetString());
    }

    private static async Task<JsonElement> PollAsync(HttpClient client, string transferId, string status)
    {
        JsonElement view = default;
        var reached = await Retry.UntilAsync(async () =>
        {
            view = await (await client.GetAsync($"/api/v1/pension-transfers/{transferId}")).ExpectAsync(200);
            return view.GetProperty("status").GetString() == status;
        }, TimeSpan.FromSeconds(20));
        Assert.True(reached, $"The transfer did not reach {status}: {view}");
        return view;
    }
}
