using System.Text.Json;

using JinBao.Api.Tests.Infrastructure;

using static JinBao.Api.Tests.Infrastructure.ApiFixture;

namespace JinBao.Api.Tests.Medical;

/// <summary>
/// Journey 3 over HTTP: a Chengdu insured lives in Beijing. Chengdu files him; Beijing's hospital settles through
/// Beijing's city system and charges him only his part; Chengdu sees the accumulators; the clearing shows the month.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class MedicalSettlementJourneyTests(ApiFixture fixture)
{
    private const string Beijing = "110100";

    [Fact]
    public async Task ChengduPatientInBeijing_FiledSettledReversed_AndCleared()
    {
        var chengdu = await fixture.CitySystemAsync(Chengdu);
        var beijing = await fixture.CitySystemAsync(Beijing);
        var patient = (await fixture.EnrolledAsync(Chengdu, hukou: Chengdu, birthYear: 1955)).Value;

        // Not filed yet: the hospital is told to charge in full and the patient to claim manually.
        var unfiled = await (await beijing.PostJsonAsync("/api/v1/medical/settlements", Bill($"BJ-{Guid.NewGuid():N}", patient))).ExpectAsync(409);
        Assert.Equal("medical-not-filed", unfiled.Code());

        var filing = await (await chengdu.PostJsonAsync($"/api/v1/persons/{patient}/medical/filings",
            new { type = "long-term", careCity = Beijing, validFrom = "2026-01-01" })).ExpectAsync(201);
        Assert.Equal("active", filing.GetProperty("status").GetString());

        // The spec's §4.4 bill: 50,000, of which 3,000 class C and 10,000 class B with 10% pay-first.
        var settlementId = $"BJ-{Guid.NewGuid():N}";
        var settled = await (await beijing.PostJsonAsync("/api/v1/medical/settlements", Bill(settlementId, patient))).ExpectAsync(200);
        Assert.Equal(5_000_000, settled.GetProperty("totalFen").GetInt64());
        Assert.Equal(4_600_000, settled.GetProperty("inScopeFen").GetInt64());
        Assert.Equal(100_000, settled.GetProperty("deductibleFen").GetInt64());
        Assert.Equal(3_825_000, settled.GetProperty("fundPaysFen").GetInt64());                    // (46,000 − 1,000) × 85%
        Assert.Equal(1_175_000, settled.GetProperty("patientPaysFen").GetInt64());
        Assert.Equal(("long-term", Chengdu, Beijing), (settled.GetProperty("filingType").GetString(), settled.GetProperty("insuringCity").GetString(), settled.GetProperty("careCity").GetString()));

        // The hospital's retry (new Idempotency-Key, same settlement id) gets the same answer; another bill under it is refused.
        var again = await (await beijing.PostJsonAsync("/api/v1/medical/settlements", Bill(settlementId, patient))).ExpectAsync(200);
        Assert.Equal(settled.ToString(), again.ToString());
        var reused = await (await beijing.PostJsonAsync("/api/v1/medical/settlements", Bill(settlementId, patient, inScopeFen: 100))).ExpectAsync(409);
        Assert.Equal("settlement-id-reused", reused.Code());

        // Chengdu sees the accumulators; Beijing sees its settlement but not the person's account; Shenzhen sees neither.
        var account = await (await chengdu.GetAsync($"/api/v1/persons/{patient}/medical")).ExpectAsync(200);
        Assert.Equal(3_825_000, account.GetProperty("fundPaidFenByYear").GetProperty("2026").GetInt64());
        await (await beijing.GetAsync($"/api/v1/persons/{patient}/medical")).ExpectAsync(404);
        await (await beijing.GetAsync($"/api/v1/medical/settlements/{settlementId}")).ExpectAsync(200);
        var shenzhen = await fixture.CitySystemAsync(Shenzhen);
        await (await shenzhen.GetAsync($"/api/v1/medical/settlements/{settlementId}")).ExpectAsync(404);

        // The statement of the month between Sichuan (insuring) and Beijing (care).
        var supervisor = await fixture.SupervisorAsync(Chengdu);
        var period = DateTime.UtcNow.AddHours(8).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        var before = await PairAsync(supervisor, period);
        var reversed = await (await beijing.PostJsonAsync($"/api/v1/medical/settlements/{settlementId}/reversal", new { })).ExpectAsync(200);
        Assert.Equal("reversed", reversed.GetProperty("status").GetString());
        var after = await PairAsync(supervisor, period);
        Assert.Equal(before.GetProperty("reversals").GetInt32() + 1, after.GetProperty("reversals").GetInt32());
        Assert.Equal(before.GetProperty("netFen").GetInt64() - 3_825_000, after.GetProperty("netFen").GetInt64());
        var account2 = await (await chengdu.GetAsync($"/api/v1/persons/{patient}/medical")).ExpectAsync(200);
        Assert.Equal(0, account2.GetProperty("fundPaidFenByYear").GetProperty("2026").GetInt64());

        // This month is still open: confirming is refused.
        var open = await (await supervisor.PostJsonAsync($"/api/v1/medical/clearing-statements/{period}/110000/confirm", new { })).ExpectAsync(409);
        Assert.Equal("clearing-period-open", open.Code());
    }

    [Fact]
    public async Task TemporaryTrip_GetsTheReducedRatio()
    {
        var chengdu = await fixture.CitySystemAsync(Chengdu);
        var beijing = await fixture.CitySystemAsync(Beijing);
        var patient = (await fixture.EnrolledAsync(Chengdu, hukou: Chengdu, birthYear: 1980)).Value;
        await (await chengdu.PostJsonAsync($"/api/v1/persons/{patient}/medical/filings",
            new { type = "other-temporary", careCity = Beijing, validFrom = "2026-06-01", validUntil = "2026-12-31" })).ExpectAsync(201);

        var settled = await (await beijing.PostJsonAsync("/api/v1/medical/settlements", Bill($"BJ-{Guid.NewGuid():N}", patient))).ExpectAsync(200);

        Assert.Equal("other-temporary", settled.GetProperty("filingType").GetString());
        Assert.Equal(0.70m, settled.GetProperty("ratio").GetDecimal());
        Assert.Equal(3_150_000, settled.GetProperty("fundPaysFen").GetInt64());                    // (46,000 − 1,000) × 70%
    }

    [Theory]
    [InlineData("""{"settlementId":"bad id!","citizenId":"{p}","admittedOn":"2026-11-02","lines":[{"itemCode":"B90-INSCOPE","quantity":1,"unitPriceFen":100}]}""", "settlementId")]
    [InlineData("""{"settlementId":"ok-1","citizenId":"{p}","admittedOn":"2026-11-02","lines":[]}""", "lines")]
    [InlineData("""{"settlementId":"ok-2","citizenId":"{p}","admittedOn":"2026-11-02","lines":[{"itemCode":"","quantity":0,"unitPriceFen":-5}]}""", "lines")]
    [InlineData("""{"settlementId":"ok-3","citizenId":"{p}","admittedOn":"2099-01-01","lines":[{"itemCode":"B90-INSCOPE","quantity":1,"unitPriceFen":100}]}""", "admittedOn")]
    public async Task MalformedSettlement_Is400WithTheField_AndSettlesNothing(string body, string field)
    {
        var beijing = await fixture.CitySystemAsync(Beijing);
        var patient = (await fixture.EnrolledAsync(Chengdu, hukou: Chengdu)).Value;

        var problem = await (await beijing.PostRawAsync("/api/v1/medical/settlements", body.Replace("{p}", patient, StringComparison.Ordinal), "application/json")).ExpectAsync(400);

        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal(0, await fixture.CountAsync("SELECT count(*) FROM jinbao_ledger_entries WHERE person_id = @p", ("p", patient)));
    }

    private static object Bill(string settlementId, string citizenId, long inScopeFen = 3_700_000) => new
    {
        settlementId,
        citizenId,
        admittedOn = "2026-11-02",
        lines = new[]
        {
            new { itemCode = "B92-SELF", quantity = 1, unitPriceFen = 300_000L },
            new { itemCode = "B91-CLASSB", quantity = 1, unitPriceFen = 1_000_000L },
            new { itemCode = "B90-INSCOPE", quantity = 1, unitPriceFen = inScopeFen },
        },
    };

    private static async Task<JsonElement> PairAsync(HttpClient supervisor, string period)
    {
        var statements = await (await supervisor.GetAsync($"/api/v1/medical/clearing-statements?period={period}")).ExpectAsync(200);
        return statements.EnumerateArray().Single(s => s.GetProperty("insuringProvince").GetString() == "510000" && s.GetProperty("careProvince").GetString() == "110000");
    }
}
