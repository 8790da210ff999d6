using System.Text.Json;

using JinBao.Api.Tests.Infrastructure;
using JinBao.Primitives;
using JinBao.Supervision;

using static JinBao.Api.Tests.Infrastructure.ApiFixture;

namespace JinBao.Api.Tests.Supervision;

/// <summary>
/// Each supervision rule through the public API: one test makes the rule fire and finds the alert where the
/// supervisors of the place look; the other does the legitimate thing next to it, and no alert is raised. An alert's
/// id is the rule and a digest of its finding, so a test knows which alert to look for.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class SupervisionRuleTests(ApiFixture fixture)
{
    private const string Dongguan = "441900";
    private const string Zhongshan = "442000";

    [Fact]
    public async Task SelfDecided_TheClerkWhoTookTheApplicationApprovesIt_IsAlerted_ThenAcknowledgedAndResolved()
    {
        var clerk = await fixture.ClerkAsync(Shenzhen);
        var supervisor = await fixture.SupervisorAsync(Shenzhen);
        var person = await fixture.MovedAsync(Guangzhou, Shenzhen);
        var transfer = await (await clerk.PostJsonAsync("/api/v1/pension-transfers", new { citizenId = person.Value, fromCity = Guangzhou })).ExpectAsync(201);
        var transferId = transfer.GetProperty("id").GetString()!;

        await (await clerk.PostJsonAsync($"/api/v1/pension-transfers/{transferId}/approve", new { })).ExpectAsync(200);

        var alertId = JinBao.Supervision.Supervision.AlertId(SupervisionRule.SelfDecided, $"transfer:{transferId}");
        var alert = await AlertAsync(supervisor, Shenzhen, alertId);
        Assert.NotNull(alert);
        Assert.Equal("self-decided", alert.Value.GetProperty("rule").GetString());
        Assert.Equal("open", alert.Value.GetProperty("status").GetString());
        Assert.Equal(person.Masked, alert.Value.GetProperty("subject").GetString());
        Assert.DoesNotContain(person.Value, alert.Value.GetRawText());

        // The clerk may not see or move alerts; another agency's supervisor does not find it.
        Assert.Equal("caller-kind-forbidden", (await (await clerk.GetAsync($"/api/v1/agencies/{Shenzhen}/alerts")).ExpectAsync(403)).Code());
        var elsewhere = await fixture.SupervisorAsync(Foshan);
        Assert.Equal("alert-not-found", (await (await elsewhere.PostJsonAsync($"/api/v1/agencies/{Foshan}/alerts/{alertId}/acknowledgement", null)).ExpectAsync(404)).Code());

        var acknowledged = await (await supervisor.PostJsonAsync($"/api/v1/agencies/{Shenzhen}/alerts/{alertId}/acknowledgement", null)).ExpectAsync(200);
        Assert.Equal("acknowledged", acknowledged.GetProperty("status").GetString());
        Assert.Equal("alert-not-open", (await (await supervisor.PostJsonAsync($"/api/v1/agencies/{Shenzhen}/alerts/{alertId}/acknowledgement", null)).ExpectAsync(409)).Code());
        await (await supervisor.PostJsonAsync($"/api/v1/agencies/{Shenzhen}/alerts/{alertId}/resolution", new { note = "" })).ExpectAsync(400);

        var resolved = await (await supervisor.PostJsonAsync($"/api/v1/agencies/{Shenzhen}/alerts/{alertId}/resolution",
            new { note = "Second clerk reviewed the file: approval stands; counter rota changed." })).ExpectAsync(200);
        Assert.Equal("resolved", resolved.GetProperty("status").GetString());
        Assert.Equal("Second clerk reviewed the file: approval stands; counter rota changed.", resolved.GetProperty("resolutionNote").GetString());
        Assert.Equal("alert-resolved", (await (await supervisor.PostJsonAsync($"/api/v1/agencies/{Shenzhen}/alerts/{alertId}/resolution",
            new { note = "again" })).ExpectAsync(409)).Code());

        var listed = await (await supervisor.GetAsync($"/api/v1/agencies/{Shenzhen}/alerts?status=resolved")).ExpectAsync(200);
        Assert.Contains(listed.EnumerateArray(), a => a.GetProperty("alertId").GetString() == alertId);
        Assert.Equal(2, await fixture.CountAsync(
            "SELECT count(*) FROM jinbao_events WHERE stream = @stream AND type IN ('alert-acknowledged', 'alert-resolved') AND actor LIKE 'supervisor:%'",
            ("stream", $"alert:{alertId}")));
    }

    [Fact]
    public async Task SelfDecided_ASupervisorApprovesWhatAClerkTook_IsNotAlerted()
    {
        var clerk = await fixture.ClerkAsync(Shenzhen);
        var supervisor = await fixture.SupervisorAsync(Shenzhen);
        var person = await fixture.MovedAsync(Guangzhou, Shenzhen);
        var transfer = await (await clerk.PostJsonAsync("/api/v1/pension-transfers", new { citizenId = person.Value, fromCity = Guangzhou })).ExpectAsync(201);
        var transferId = transfer.GetProperty("id").GetString()!;

        await (await supervisor.PostJsonAsync($"/api/v1/pension-transfers/{transferId}/approve", new { })).ExpectAsync(200);

        Assert.Null(await AlertAsync(supervisor, Shenzhen, JinBao.Supervision.Supervision.AlertId(SupervisionRule.SelfDecided, $"transfer:{transferId}"), expected: false));
    }

    [Fact]
    public async Task InsuredTwice_AMonthPaidInTheOldCityIsDeclaredAgainInTheNew_IsAlerted()
    {
        var shenzhen = await fixture.CitySystemAsync(Shenzhen);
        var person = await fixture.MovedAsync(Guangzhou, Shenzhen); // 2024-06 paid in Guangzhou

        await (await shenzhen.PostJsonAsync($"/api/v1/persons/{person.Value}/contributions", new { month = "2024-06", declaredBaseFen = 900_000 })).ExpectAsync(201);

        var alert = await AlertAsync(await fixture.SupervisorAsync(Shenzhen), Shenzhen,
            JinBao.Supervision.Supervision.AlertId(SupervisionRule.InsuredTwice, $"person:{person.Value}:2024-06"));
        Assert.NotNull(alert);
        Assert.Contains(Guangzhou, alert.Value.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task InsuredTwice_TheNewCityDeclaresTheMonthsAfterTheMove_IsNotAlerted()
    {
        var shenzhen = await fixture.CitySystemAsync(Shenzhen);
        var person = await fixture.MovedAsync(Guangzhou, Shenzhen);

        await (await shenzhen.PostJsonAsync($"/api/v1/persons/{person.Value}/contributions", new { month = "2025-02", declaredBaseFen = 900_000 })).ExpectAsync(201);

        Assert.Null(await AlertAsync(await fixture.SupervisorAsync(Shenzhen), Shenzhen,
            JinBao.Supervision.Supervision.AlertId(SupervisionRule.InsuredTwice, $"person:{person.Value}:2025-02"), expected: false));
    }

    [Fact]
    public async Task BaseDrop_ManyEmployeesOfOneCityDeclareFarLessThanLastMonth_IsAlerted()
    {
        await DeclareTwoMonthsAsync(Dongguan, firstFen: 2_000_000, secondFen: 800_000);

        var alert = await AlertAsync(await fixture.SupervisorAsync(Dongguan), Dongguan, JinBao.Supervision.Supervision.AlertId(SupervisionRule.BaseDrop, $"{Dongguan}:2025-04"));
        Assert.NotNull(alert);
        Assert.Equal(Dongguan, alert.Value.GetProperty("place").GetString());
        Assert.StartsWith("5 of 5 declarations for 2025-04", alert.Value.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task BaseDrop_PayFallsALittle_IsNotAlerted()
    {
        await DeclareTwoMonthsAsync(Zhongshan, firstFen: 2_000_000, secondFen: 1_900_000);

        Assert.Null(await AlertAsync(await fixture.SupervisorAsync(Zhongshan), Zhongshan,
            JinBao.Supervision.Supervision.AlertId(SupervisionRule.BaseDrop, $"{Zhongshan}:2025-04"), expected: false));
    }

    [Fact]
    public async Task SettlementOutlier_ABillManyTimesTheUsualOfItsPlaceOfCare_IsAlertedToTheInsuringCity()
    {
        for (var i = 0; i < SettlementHistoryForOutliers; i++)
        {
            await SettleAsync(Dongguan, inScopeFen: 300_000);
        }

        var (settlementId, person) = await SettleAsync(Dongguan, inScopeFen: 5_000_000);

        var alert = await AlertAsync(await fixture.SupervisorAsync(Chengdu), Chengdu, JinBao.Supervision.Supervision.AlertId(SupervisionRule.SettlementOutlier, settlementId));
        Assert.NotNull(alert);
        Assert.Equal(person.Masked, alert.Value.GetProperty("subject").GetString());
        Assert.Contains(Dongguan, alert.Value.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task SettlementOutlier_ALargerButOrdinaryBill_IsNotAlerted()
    {
        for (var i = 0; i < SettlementHistoryForOutliers; i++)
        {
            await SettleAsync(Zhongshan, inScopeFen: 300_000);
        }

        var (settlementId, _) = await SettleAsync(Zhongshan, inScopeFen: 600_000);

        Assert.Null(await AlertAsync(await fixture.SupervisorAsync(Chengdu), Chengdu,
            JinBao.Supervision.Supervision.AlertId(SupervisionRule.SettlementOutlier, settlementId), expected: false));
    }

    [Fact]
    public async Task PaidAfterDeath_ADeathNotifiedAfterTheRunPaidTheMonth_IsAlertedToTheProvince()
    {
        var shenzhen = await fixture.CitySystemAsync(Shenzhen);
        var supervisor = await fixture.SupervisorAsync(Shenzhen);
        var id = (await fixture.RetiredAsync()).Value;
        await (await shenzhen.PostJsonAsync($"/api/v1/persons/{id}/verifications",
            new { verificationId = "face-1", method = "face-check", verifiedOn = "2026-11-20" })).ExpectAsync(200);
        await RunPaymentsAsync(supervisor, "2027-01");

        await (await shenzhen.PostJsonAsync($"/api/v1/persons/{id}/death", new { source = "public-security", diedOn = "2026-11-20" })).ExpectAsync(200);

        var alert = await AlertAsync(supervisor, Shenzhen, JinBao.Supervision.Supervision.AlertId(SupervisionRule.PaidAfterDeath, $"person:{id}:2026-11"));
        Assert.NotNull(alert);
        Assert.Equal("440000", alert.Value.GetProperty("place").GetString());
        Assert.StartsWith("paid 2 month(s) after the death month 2026-11", alert.Value.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task PaidAfterDeath_ADeathNotifiedBeforeAnyPaymentForLaterMonths_IsNotAlerted()
    {
        var shenzhen = await fixture.CitySystemAsync(Shenzhen);
        var id = (await fixture.RetiredAsync()).Value;

        await (await shenzhen.PostJsonAsync($"/api/v1/persons/{id}/death", new { source = "public-security", diedOn = "2026-11-20" })).ExpectAsync(200);

        Assert.Null(await AlertAsync(await fixture.SupervisorAsync(Shenzhen), Shenzhen,
            JinBao.Supervision.Supervision.AlertId(SupervisionRule.PaidAfterDeath, $"person:{id}:2026-11"), expected: false));
    }

    [Fact]
    public async Task Statistics_AreTheSupervisorsOfTheProvince_AndCountWhatHappened()
    {
        var supervisor = await fixture.SupervisorAsync(Shenzhen);
        var shenzhen = await fixture.CitySystemAsync(Shenzhen);
        var person = await fixture.EnrolledAsync(Shenzhen);
        await (await shenzhen.PostJsonAsync($"/api/v1/persons/{person.Value}/contributions", new { month = "2024-02", declaredBaseFen = 900_000 })).ExpectAsync(201);
        await WaitCountedAsync();

        var statistics = await (await supervisor.GetAsync("/api/v1/statistics/440000")).ExpectAsync(200);
        var month = statistics.GetProperty("contributionsByMonth").EnumerateArray()
            .Single(m => m.GetProperty("month").GetString() == "2024-02" && m.GetProperty("city").GetString() == Shenzhen);
        Assert.Equal(await fixture.CountAsync(
            "SELECT count(*) FROM jinbao_events WHERE type = 'contribution-declared' AND payload->>'month' = '2024-02' AND payload->>'city' = @city", ("city", Shenzhen)),
            month.GetProperty("declarations").GetInt64());
        Assert.True(statistics.GetProperty("eventsCounted").GetInt64() > 0);

        // Fund balances are the ledger's own: Shenzhen's pooled fund holds what its entries add up to.
        var pooled = statistics.GetProperty("fundBalances").EnumerateArray().Single(b => b.GetProperty("account").GetString() == $"{Shenzhen}:pooled-fund");
        Assert.Equal(await fixture.CountAsync("SELECT sum(amount_fen) FROM jinbao_ledger_entries WHERE account = @account", ("account", $"{Shenzhen}:pooled-fund")),
            pooled.GetProperty("balanceFen").GetInt64());
        Assert.True(pooled.GetProperty("balanceFen").GetInt64() > 0);

        Assert.Equal("region-forbidden", (await (await supervisor.GetAsync("/api/v1/statistics/510000")).ExpectAsync(403)).Code());
        var clerk = await fixture.ClerkAsync(Shenzhen);
        Assert.Equal("caller-kind-forbidden", (await (await clerk.GetAsync("/api/v1/statistics/440000")).ExpectAsync(403)).Code());
    }

    private async Task DeclareTwoMonthsAsync(string city, long firstFen, long secondFen)
    {
        var system = await fixture.CitySystemAsync(city);
        for (var i = 0; i < 6; i++)
        {
            var person = await fixture.EnrolledAsync(city, hukou: city);
            await (await system.PostJsonAsync($"/api/v1/persons/{person.Value}/contributions", new { month = "2025-03", declaredBaseFen = firstFen })).ExpectAsync(201);
            await (await system.PostJsonAsync($"/api/v1/persons/{person.Value}/contributions", new { month = "2025-04", declaredBaseFen = secondFen })).ExpectAsync(201);
        }
    }

    /// <summary>A Chengdu insured, filed for care in <paramref name="careCity"/>, settles one bill there.</summary>
    private async Task<(string SettlementId, CitizenId Person)> SettleAsync(string careCity, long inScopeFen)
    {
        var chengdu = await fixture.CitySystemAsync(Chengdu);
        var hospital = await fixture.CitySystemAsync(careCity);
        var person = await fixture.EnrolledAsync(Chengdu, hukou: Chengdu, birthYear: 1960);
        await (await chengdu.PostJsonAsync($"/api/v1/persons/{person.Value}/medical/filings",
            new { type = "long-term", careCity, validFrom = "2026-01-01" })).ExpectAsync(201);
        var settlementId = $"GD-{Guid.NewGuid():N}";
        await (await hospital.PostJsonAsync("/api/v1/medical/settlements", new
        {
            settlementId,
            citizenId = person.Value,
            admittedOn = "2026-11-02",
            lines = new[] { new { itemCode = "G90-INSCOPE", quantity = 1, unitPriceFen = inScopeFen } },
        })).ExpectAsync(200);
        return (settlementId, person);
    }

    private static async Task RunPaymentsAsync(HttpClient supervisor, string month)
    {
        await (await supervisor.PostJsonAsync("/api/v1/pension-payments/440000/runs", new { month })).ExpectAsync(202);
        for (var i = 0; i < 300; i++)
        {
            var run = await (await supervisor.GetAsync($"/api/v1/pension-payments/440000/runs/{month}")).ExpectAsync(200);
            if (run.GetProperty("status").GetString() == "completed")
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"The payment run of {month} did not complete.");
    }

    /// <summary>
    /// The alert once the stream has delivered it (null if <paramref name="expected"/> is false and it is not there after
    /// every event written so far has been counted: the legitimate case).
    /// </summary>
    private async Task<JsonElement?> AlertAsync(HttpClient supervisor, string city, string alertId, bool expected = true)
    {
        if (!expected)
        {
            await WaitCountedAsync();
        }

        for (var deadline = DateTime.UtcNow.AddSeconds(30); ;)
        {
            var alerts = await (await supervisor.GetAsync($"/api/v1/agencies/{city}/alerts?limit=500")).ExpectAsync(200);
            var found = alerts.EnumerateArray().Where(a => a.GetProperty("alertId").GetString() == alertId).Select(a => (JsonElement?)a).SingleOrDefault();
            if (found is not null || !expected || DateTime.UtcNow > deadline)
            {
                return found;
            }

            await Task.Delay(200);
        }
    }

    /// <summary>Waits until the supervision grain has counted every event the log holds now.</summary>
    private async Task WaitCountedAsync()
    {
        var last = await LastLoggedAsync();
        var supervisor = await fixture.SupervisorAsync(Shenzhen);
        for (var deadline = DateTime.UtcNow.AddSeconds(30); DateTime.UtcNow < deadline; await Task.Delay(200))
        {
            var position = (await (await supervisor.GetAsync("/api/v1/statistics/440000")).ExpectAsync(200)).GetProperty("position");
            if (new EventPosition(position.GetProperty("transaction").GetUInt64(), position.GetProperty("sequence").GetInt64()) >= last)
            {
                return;
            }
        }

        Assert.Fail($"The supervision grain did not count up to {last} within 30 s.");
    }

    private async Task<EventPosition> LastLoggedAsync()
    {
        var text = await Sql.ScalarAsync<string>(fixture.ConnectionString, "SELECT tx::text || '/' || seq FROM jinbao_events ORDER BY tx DESC, seq DESC LIMIT 1");
        var parts = text!.Split('/');
        return new EventPosition(ulong.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
    }
}
