using JinBao.Api.Tests.Infrastructure;

using static JinBao.Api.Tests.Infrastructure.ApiFixture;

namespace JinBao.Api.Tests.Drawing;

/// <summary>Off-site drawing through HTTP: a retiree moves, is verified, paid by a run, dies; the overpaid month is a recovery case.</summary>
[Collection(ApiCollection.Name)]
public sealed class DrawingJourneyTests(ApiFixture fixture)
{
    [Fact]
    public async Task Retiree_MovesIsPaidAndDies_RecoveryCaseHoldsTheMonthPaidAfterDeath()
    {
        var shenzhen = await fixture.CitySystemAsync(Shenzhen);
        var supervisor = await fixture.SupervisorAsync(Shenzhen);
        var id = (await fixture.RetiredAsync()).Value;

        var payee = await (await shenzhen.PostJsonAsync($"/api/v1/persons/{id}/residence",
            new { residenceRegion = "110100", bank = "ccb", bankAccount = "6217000012345678" })).ExpectAsync(200);
        Assert.Equal(("110100", "ccb", "440300"), (payee.GetProperty("residenceRegion").GetString(), payee.GetProperty("bank").GetString(), payee.GetProperty("drawingCity").GetString()));
        var verified = await (await shenzhen.PostJsonAsync($"/api/v1/persons/{id}/verifications",
            new { verificationId = "face-9", method = "face-check", verifiedOn = "2026-11-20" })).ExpectAsync(200);
        Assert.Equal("2027-11-20", verified.GetProperty("verifiedUntil").GetString());

        var started = await supervisor.PostJsonAsync("/api/v1/pension-payments/440000/runs", new { month = "2026-12" });
        await started.ExpectAsync(202);
        Assert.Equal("/api/v1/pension-payments/440000/runs/2026-12", started.Headers.Location?.OriginalString);
        var run = await (await supervisor.GetAsync("/api/v1/pension-payments/440000/runs/2026-12")).ExpectAsync(200);
        for (var i = 0; run.GetProperty("status").GetString() != "completed" && i < 300; i++)
        {
            await Task.Delay(100);
            run = await (await supervisor.GetAsync("/api/v1/pension-payments/440000/runs/2026-12")).ExpectAsync(200);
        }

        Assert.Equal("completed", run.GetProperty("status").GetString());
        var batches = await (await supervisor.GetAsync("/api/v1/pension-payments/440000/runs/2026-12/batches")).ExpectAsync(200);
        Assert.Contains(batches.EnumerateArray(), b => b.GetProperty("bank").GetString() == "ccb");

        var death = await (await shenzhen.PostJsonAsync($"/api/v1/persons/{id}/death", new { source = "public-security", diedOn = "2026-11-20" })).ExpectAsync(200);
        Assert.Equal(600_000, death.GetProperty("funeralGrantFen").GetInt64());
        var cases = await (await supervisor.GetAsync("/api/v1/pension-payments/440000/recovery-cases?limit=1000")).ExpectAsync(200);
        var recovery = Assert.Single(cases.EnumerateArray(), c => c.GetProperty("citizenId").GetString() == id);
        Assert.Equal(["2026-12"], recovery.GetProperty("overpaidMonths").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal(death.GetProperty("payee").GetProperty("baseMonthlyPensionFen").GetInt64(), recovery.GetProperty("overpaymentFen").GetInt64());

        var again = await (await shenzhen.PostJsonAsync($"/api/v1/persons/{id}/verifications",
            new { verificationId = "face-10", method = "face-check", verifiedOn = "2026-11-21" })).ExpectAsync(409);
        Assert.Equal("person-deceased", again.Code());
    }

    [Fact]
    public async Task AddAdjustmentRule_ForAnotherProvince_IsForbidden()
    {
        var supervisor = await fixture.SupervisorAsync(Shenzhen);

        var problem = await (await supervisor.PostJsonAsync("/api/v1/pension-payments/510000/adjustment-rules",
            new { scope = "510000", effectiveMonth = "2032-01", percent = 2m, fixedFen = 0 })).ExpectAsync(403);

        Assert.Equal("region-forbidden", problem.Code());
    }
}
