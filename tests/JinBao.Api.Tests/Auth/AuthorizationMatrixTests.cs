using System.Net.Http.Json;

using JinBao.Api.Tests.Infrastructure;
using JinBao.Medical;
using JinBao.Persons;
using JinBao.Primitives;

using static JinBao.Api.Tests.Infrastructure.ApiFixture;

namespace JinBao.Api.Tests.Auth;

/// <summary>
/// Every route × {own region, other region, no credential, clerk, supervisor}: the own region is Shenzhen (the person's
/// insuring city, the transfer's new place and awaited city), the other is Foshan, uninvolved; clerk and supervisor
/// belong to Shenzhen's agency. Each cell gets a fresh situation, so cells cannot influence each other.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class AuthorizationMatrixTests(ApiFixture fixture)
{
    public enum As
    {
        OwnRegion,
        OtherRegion,
        NoCredential,
        Clerk,
        Supervisor,
    }

    /// <summary>route name → expected status per caller, in the order of <see cref="As"/>.</summary>
    private static readonly Dictionary<string, int[]> Expected = new()
    {
        ["EnrolPerson"] = [201, 403, 401, 403, 403],
        ["GetPersonRecord"] = [200, 404, 401, 200, 200],
        ["DeclareContribution"] = [201, 404, 401, 403, 403],
        ["StopContributing"] = [200, 404, 401, 403, 403],
        ["GetDrawingPlace"] = [200, 404, 401, 200, 200],
        ["RetirePerson"] = [409, 404, 401, 403, 409],       // 409: below statutory age, i.e. admitted and refused by the rule
        ["ApplyForTransfer"] = [201, 404, 401, 403, 403],
        ["GetTransfer"] = [200, 404, 401, 200, 200],
        ["ApproveTransfer"] = [200, 404, 401, 200, 200],
        ["RejectTransfer"] = [200, 404, 401, 200, 200],
        ["CancelTransfer"] = [200, 404, 401, 403, 200],
        ["GetAgencyCases"] = [200, 403, 401, 200, 200],
        ["GetMedicalAccount"] = [200, 404, 401, 200, 200],
        ["FileForOffSiteCare"] = [201, 404, 401, 201, 201],
        ["ChangeFiling"] = [201, 404, 401, 201, 201],
        ["CancelFiling"] = [200, 404, 401, 200, 200],
        ["SettleBill"] = [200, 409, 401, 403, 403],         // 409: Foshan's hospital, where the patient is not filed
        ["GetSettlement"] = [200, 404, 401, 403, 403],
        ["ReverseSettlement"] = [200, 404, 401, 403, 403],
        ["GetClearingStatements"] = [200, 200, 401, 403, 200], // the province's statements: Foshan is in Guangdong too
        ["ConfirmClearingStatement"] = [403, 403, 401, 403, 404], // 404: admitted, but no statement for that month
        ["GetPayee"] = [200, 404, 401, 200, 200],
        ["RegisterResidence"] = [200, 404, 401, 403, 200],
        ["RecordVerification"] = [200, 404, 401, 403, 200],
        ["NotifyDeath"] = [200, 404, 401, 403, 200],
        ["GetAdjustmentRules"] = [200, 200, 401, 200, 200],   // Foshan is a city of Guangdong too
        ["AddAdjustmentRule"] = [403, 403, 401, 403, 201],    // policy: supervisors only
        ["StartPaymentRun"] = [202, 202, 401, 403, 202],
        ["GetPaymentRun"] = [200, 200, 401, 200, 200],
        ["GetPaymentBatches"] = [200, 200, 401, 200, 200],
        ["GetRecoveryCases"] = [200, 200, 401, 200, 200],
    };

    public static TheoryData<string, As> Cells()
    {
        var data = new TheoryData<string, As>();
        foreach (var route in Expected.Keys)
        {
            foreach (var caller in Enum.GetValues<As>())
            {
                data.Add(route, caller);
            }
        }

        return data;
    }

    [Fact]
    public async Task Matrix_CoversEveryRouteOfTheOpenApiDocument()
    {
        using var client = fixture.Anonymous();
        var document = await client.GetFromJsonAsync<System.Text.Json.JsonElement>("/openapi/v1.json");
        var operations = document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(op => op.Value.GetProperty("operationId").GetString()!))
            .Where(id => id != "IssueToken") // the token route is anonymous by design and tested on its own
            .Order().ToList();
        Assert.Equal(Expected.Keys.Order().ToList(), operations);
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task Route_AsCaller_GetsExpectedStatus(string route, As caller)
    {
        var client = caller switch
        {
            As.OwnRegion => await fixture.CitySystemAsync(Shenzhen),
            As.OtherRegion => await fixture.CitySystemAsync(Foshan),
            As.Clerk => await fixture.ClerkAsync(Shenzhen),
            As.Supervisor => await fixture.SupervisorAsync(Shenzhen),
            _ => fixture.Anonymous(),
        };

        using var response = await SendAsync(route, client);

        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == Expected[route][(int)caller], $"{route} as {caller}: expected {Expected[route][(int)caller]}, got {(int)response.StatusCode}: {body}");
        if ((int)response.StatusCode >= 400)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        if (caller == As.NoCredential)
        {
            client.Dispose();
        }
    }

    private async Task<HttpResponseMessage> SendAsync(string route, HttpClient client)
    {
        switch (route)
        {
            case "EnrolPerson":
                return await client.PostJsonAsync("/api/v1/persons", new { citizenId = TestPeople.Next().Value, hukouRegion = Shenzhen, insuringCity = Shenzhen, enrolledOn = "2025-01-01" });
            case "GetPersonRecord":
                return await client.GetAsync($"/api/v1/persons/{await PersonAsync()}");
            case "DeclareContribution":
                return await client.PostJsonAsync($"/api/v1/persons/{await PersonAsync()}/contributions", new { month = "2025-02", declaredBaseFen = 800_000 });
            case "StopContributing":
                return await client.PostJsonAsync($"/api/v1/persons/{await PersonAsync()}/stop-contributing", new { stoppedOn = "2026-10-31" });
            case "GetDrawingPlace":
                return await client.GetAsync($"/api/v1/persons/{await PersonAsync()}/drawing-place");
            case "RetirePerson":
                return await client.PostJsonAsync($"/api/v1/persons/{await PersonAsync()}/retirement", new { retiredOn = "2026-11-01" });
            case "ApplyForTransfer":
                var moved = await fixture.MovedAsync(Guangzhou, Shenzhen);
                return await client.PostJsonAsync("/api/v1/pension-transfers", new { citizenId = moved.Value, fromCity = Guangzhou });
            case "GetTransfer":
                return await client.GetAsync($"/api/v1/pension-transfers/{(await fixture.AppliedTransferAsync(Guangzhou, Shenzhen)).Id}");
            case "ApproveTransfer":
                return await client.PostJsonAsync($"/api/v1/pension-transfers/{(await fixture.AppliedTransferAsync(Guangzhou, Shenzhen)).Id}/approve", new { });
            case "RejectTransfer":
                return await client.PostJsonAsync($"/api/v1/pension-transfers/{(await fixture.AppliedTransferAsync(Guangzhou, Shenzhen)).Id}/reject", new { reason = "documents incomplete" });
            case "CancelTransfer":
                return await client.PostJsonAsync($"/api/v1/pension-transfers/{(await fixture.AppliedTransferAsync(Guangzhou, Shenzhen)).Id}/cancel", new { });
            case "GetAgencyCases":
                return await client.GetAsync($"/api/v1/agencies/{Shenzhen}/cases");
            case "GetMedicalAccount":
                return await client.GetAsync($"/api/v1/persons/{await PersonAsync()}/medical");
            case "FileForOffSiteCare":
                return await client.PostJsonAsync($"/api/v1/persons/{await PersonAsync()}/medical/filings", new { type = "long-term", careCity = Chengdu, validFrom = "2026-01-01" });
            case "ChangeFiling":
                var moving = await PersonAsync();
                await fixture.Grains.GetMedicalAccountGrain(CitizenId.Parse(moving)).FileAsync(
                    new FileForCare("seeded", FilingType.LongTerm, RegionCode.Parse(Chengdu), new DateOnly(2026, 1, 1), null, new Requester("city:440300", null)));
                return await client.PostJsonAsync($"/api/v1/persons/{moving}/medical/filings/seeded/change", new { type = "long-term", careCity = "110100", validFrom = "2026-07-01" });
            case "CancelFiling":
                var filed = await PersonAsync();
                await fixture.Grains.GetMedicalAccountGrain(CitizenId.Parse(filed)).FileAsync(
                    new FileForCare("seeded", FilingType.LongTerm, RegionCode.Parse(Chengdu), new DateOnly(2026, 1, 1), null, new Requester("city:440300", null)));
                return await client.PostJsonAsync($"/api/v1/persons/{filed}/medical/filings/seeded/cancel", new { });
            case "SettleBill":
                return await client.PostJsonAsync("/api/v1/medical/settlements", SettlementBody($"M-{Guid.NewGuid():N}", (await PatientAsync()).Value));
            case "GetSettlement":
                return await client.GetAsync($"/api/v1/medical/settlements/{await SettledAsync()}");
            case "ReverseSettlement":
                return await client.PostJsonAsync($"/api/v1/medical/settlements/{await SettledAsync()}/reversal", new { });
            case "GetClearingStatements":
                return await client.GetAsync("/api/v1/medical/clearing-statements?period=2026-01");
            case "ConfirmClearingStatement":
                return await client.PostJsonAsync($"/api/v1/medical/clearing-statements/2025-01/510000/confirm", new { });
            case "GetPayee":
                return await client.GetAsync($"/api/v1/persons/{await RetireeAsync()}/payee");
            case "RegisterResidence":
                return await client.PostJsonAsync($"/api/v1/persons/{await RetireeAsync()}/residence", new { residenceRegion = "110100" });
            case "RecordVerification":
                return await client.PostJsonAsync($"/api/v1/persons/{await RetireeAsync()}/verifications", new { verificationId = "face-1", method = "face-check", verifiedOn = "2026-11-20" });
            case "NotifyDeath":
                return await client.PostJsonAsync($"/api/v1/persons/{await RetireeAsync()}/death", new { source = "civil-affairs", diedOn = "2026-11-20" });
            case "GetAdjustmentRules":
                return await client.GetAsync("/api/v1/pension-payments/440000/adjustment-rules");
            case "AddAdjustmentRule":
                return await client.PostJsonAsync("/api/v1/pension-payments/440000/adjustment-rules", new { scope = "440000", effectiveMonth = "2031-01", percent = 2.35m, fixedFen = 1000 });
            case "StartPaymentRun":
                return await client.PostJsonAsync("/api/v1/pension-payments/440000/runs", new { month = "2030-12" });
            case "GetPaymentRun":
                await StartedRunAsync();
                return await client.GetAsync("/api/v1/pension-payments/440000/runs/2030-11");
            case "GetPaymentBatches":
                await StartedRunAsync();
                return await client.GetAsync("/api/v1/pension-payments/440000/runs/2030-11/batches");
            case "GetRecoveryCases":
                return await client.GetAsync("/api/v1/pension-payments/440000/recovery-cases");
            default:
                throw new ArgumentOutOfRangeException(nameof(route), route, "Add the route to the matrix.");
        }
    }

    // A person insured in Chengdu, filed for long-term residence in Shenzhen: Shenzhen's hospitals settle for them.
    private async Task<CitizenId> PatientAsync()
    {
        var id = await fixture.EnrolledAsync(Chengdu, hukou: Chengdu);
        await fixture.Grains.GetMedicalAccountGrain(id).FileAsync(
            new FileForCare("home", FilingType.LongTerm, RegionCode.Parse(Shenzhen), new DateOnly(2026, 1, 1), null, new Requester("city:510100", null)));
        return id;
    }

    // A settlement made by Shenzhen's hospital for such a patient.
    private async Task<string> SettledAsync()
    {
        var settlementId = $"M-{Guid.NewGuid():N}";
        var patient = await PatientAsync();
        var bill = new SettleBill(settlementId, RegionCode.Parse(Shenzhen), new DateOnly(2026, 11, 2), false,
            [new FeeLine("G90-INSCOPE", 1, Money.FromYuan(8000))], new Requester("city:440300", null));
        await fixture.Grains.GetMedicalSettlementGrain(settlementId).SettleAsync(new SettleForPatient(patient, bill));
        return settlementId;
    }

    private static object SettlementBody(string settlementId, string citizenId) => new
    {
        settlementId,
        citizenId,
        admittedOn = "2026-11-02",
        lines = new[] { new { itemCode = "G90-INSCOPE", quantity = 1, unitPriceFen = 800_000 } },
    };

    // A person insured in Shenzhen with one month paid there.
    private async Task<string> PersonAsync()
    {
        var id = await fixture.EnrolledAsync(Shenzhen);
        await fixture.DeclaredAsync(id, "2025-01");
        return id.Value;
    }

    // A retiree whose pension Shenzhen pays (fresh per cell: the death cell ends the entitlement).
    private async Task<string> RetireeAsync() => (await fixture.RetiredAsync()).Value;

    private Task StartedRunAsync() =>
        fixture.Grains.GetPaymentsGrain(JinBao.Primitives.RegionCode.Parse("440000")).StartRunAsync(new JinBao.Primitives.YearMonth(2030, 11), JinBao.Persons.Requester.System);
}
