using System.Net.Http.Json;

using JinBao.Api.Tests.Infrastructure;
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
        ["EnrolPerson"] = [201, 403, 401, 201, 201],          // clerks enrol at the counter (窗口经办)
        ["GetPersonRecord"] = [200, 404, 401, 200, 200],
        ["DeclareContribution"] = [201, 404, 401, 201, 201],
        ["StopContributing"] = [200, 404, 401, 403, 403],
        ["GetDrawingPlace"] = [200, 404, 401, 200, 200],
        ["RetirePerson"] = [409, 404, 401, 403, 409],       // 409: below statutory age, i.e. admitted and refused by the rule
        ["ApplyForTransfer"] = [201, 404, 401, 201, 201],     // a clerk applies on the person's behalf
        ["GetTransfer"] = [200, 404, 401, 200, 200],
        ["ApproveTransfer"] = [200, 404, 401, 200, 200],
        ["RejectTransfer"] = [200, 404, 401, 200, 200],
        ["CancelTransfer"] = [200, 404, 401, 403, 200],
        ["GetAgencyCases"] = [200, 403, 401, 200, 200],
        ["GetAgencyHistory"] = [200, 403, 401, 200, 200],
        ["FindAgencyPersons"] = [200, 403, 401, 200, 200],
        ["AssignCase"] = [403, 403, 401, 403, 200],
        ["GetTransferPolicy"] = [200, 403, 401, 200, 200],
        ["SetTransferPolicy"] = [403, 403, 401, 403, 200],
        ["AcknowledgeEscalation"] = [403, 403, 401, 403, 409], // 409: admitted, but the case is not escalated
        ["ListClerks"] = [403, 403, 401, 403, 200],           // the agency's accounts: its supervisors only
        ["CreateClerk"] = [403, 403, 401, 403, 201],
        ["DisableClerk"] = [403, 403, 401, 403, 204],
        ["EnableClerk"] = [403, 403, 401, 403, 204],
        ["ChangePassword"] = [403, 403, 401, 403, 403],       // staff are admitted, then refused: the example's current password is wrong
        ["GetPersonAccessLog"] = [200, 404, 401, 200, 200],
        ["IssueContributionCertificate"] = [201, 404, 401, 201, 201],
        ["CheckDocument"] = [200, 200, 401, 200, 200],
        ["IssueContactLetter"] = [201, 404, 401, 201, 201],   // Shenzhen is the new place of the example's transfer       // any caller of the cluster checks a paper it was handed
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
        ["EstimatePension"] = [200, 404, 401, 200, 200],
        ["ListPersonTransfers"] = [200, 404, 401, 200, 200],
        ["GetPensionPayments"] = [200, 404, 401, 200, 200],
        ["IssuePortalActivationCode"] = [403, 403, 401, 201, 201], // at the counter: staff only
        ["GetStatistics"] = [403, 403, 401, 403, 200],        // the province's figures: its supervisors only
        ["GetNationalStatistics"] = [403, 403, 401, 403, 404], // 404: admitted; the test cluster is standalone, with no national roll-up
        ["ListAlerts"] = [403, 403, 401, 403, 200],
        ["AcknowledgeAlert"] = [403, 403, 401, 403, 404],     // 404: admitted, but the example's alert does not exist
        ["ResolveAlert"] = [403, 403, 401, 403, 404],
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
            case "GetPersonRecord":
                return await client.GetAsync($"/api/v1/persons/{await fixture.PersonAsync()}");
            case "GetDrawingPlace":
                return await client.GetAsync($"/api/v1/persons/{await fixture.PersonAsync()}/drawing-place");
            case "EstimatePension":
                return await client.GetAsync($"/api/v1/persons/{await fixture.PersonAsync()}/pension-estimate");
            case "ListPersonTransfers":
                return await client.GetAsync($"/api/v1/persons/{await fixture.PersonAsync()}/transfers");
            case "GetPensionPayments":
                return await client.GetAsync($"/api/v1/persons/{await fixture.RetireeAsync()}/pension-payments");
            case "GetTransfer":
                return await client.GetAsync($"/api/v1/pension-transfers/{(await fixture.AppliedTransferAsync(Guangzhou, Shenzhen)).Id}");
            case "GetAgencyCases":
                return await client.GetAsync($"/api/v1/agencies/{Shenzhen}/cases");
            case "FindAgencyPersons":
                return await client.GetAsync($"/api/v1/agencies/{Shenzhen}/persons?name=%E5%BC%A0");
            case "GetTransferPolicy":
                return await client.GetAsync($"/api/v1/agencies/{Shenzhen}/transfer-policy");
            case "GetAgencyHistory":
                return await client.GetAsync($"/api/v1/agencies/{Shenzhen}/history");
            case "ListClerks":
                return await client.GetAsync($"/api/v1/agencies/{Shenzhen}/staff");
            case "GetStatistics":
                return await client.GetAsync("/api/v1/statistics/440000");
            case "GetNationalStatistics":
                return await client.GetAsync("/api/v1/statistics/national");
            case "ListAlerts":
                return await client.GetAsync($"/api/v1/agencies/{Shenzhen}/alerts");
            case "GetPersonAccessLog":
                return await client.GetAsync($"/api/v1/persons/{await fixture.PersonAsync()}/access-log");
            case "CheckDocument":
                var issuer = await fixture.CitySystemAsync(Shenzhen);
                var issued = await (await issuer.PostJsonAsync($"/api/v1/persons/{await fixture.PersonAsync()}/certificates", new { })).Content
                    .ReadFromJsonAsync<System.Text.Json.JsonElement>();
                return await client.GetAsync($"/api/v1/documents/{issued.GetProperty("documentNumber").GetString()}?code={issued.GetProperty("verificationCode").GetString()}");
            case "GetMedicalAccount":
                return await client.GetAsync($"/api/v1/persons/{await fixture.PersonAsync()}/medical");
            case "GetSettlement":
                return await client.GetAsync($"/api/v1/medical/settlements/{await fixture.SettledAsync()}");
            case "GetClearingStatements":
                return await client.GetAsync("/api/v1/medical/clearing-statements?period=2026-01");
            case "GetPayee":
                return await client.GetAsync($"/api/v1/persons/{await fixture.RetireeAsync()}/payee");
            case "GetAdjustmentRules":
                return await client.GetAsync("/api/v1/pension-payments/440000/adjustment-rules");
            case "GetPaymentRun":
                await StartedRunAsync();
                return await client.GetAsync("/api/v1/pension-payments/440000/runs/2030-11");
            case "GetPaymentBatches":
                await StartedRunAsync();
                return await client.GetAsync("/api/v1/pension-payments/440000/runs/2030-11/batches");
            case "GetRecoveryCases":
                return await client.GetAsync("/api/v1/pension-payments/440000/recovery-cases");
            default:
                // Every POST: its valid example, in a fresh situation (RouteExamples).
                var example = await fixture.ExamplePostAsync(route);
                return await client.PostJsonAsync(example.Url, example.Body);
        }
    }

    private Task StartedRunAsync() =>
        fixture.Grains.GetPaymentsGrain(JinBao.Primitives.RegionCode.Parse("440000")).StartRunAsync(new JinBao.Primitives.YearMonth(2030, 11), JinBao.Primitives.Requester.System);
}
