using JinBao.Api.Tests.Infrastructure;

using static JinBao.Api.Tests.Infrastructure.ApiFixture;

namespace JinBao.Api.Tests.Audit;

[Collection(ApiCollection.Name)]
public sealed class AuditTests(ApiFixture fixture)
{
    [Fact]
    public async Task ReadsChangesAndDenials_AreAuditedWithCallerPurposeAndOutcome()
    {
        var shenzhen = await fixture.CitySystemAsync(Shenzhen);
        var foshan = await fixture.CitySystemAsync(Foshan);
        var clerk = await fixture.ClerkAsync(Shenzhen);
        var id = (await fixture.EnrolledAsync(Shenzhen)).Value;

        using (var read = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/persons/{id}"))
        {
            read.Headers.Add("JinBao-Purpose", "pension counter enquiry #4711");
            await (await shenzhen.SendAsync(read)).ExpectAsync(200);
        }

        await (await shenzhen.PostJsonAsync($"/api/v1/persons/{id}/contributions", new { month = "2025-08", declaredBaseFen = 800_000 })).ExpectAsync(201);
        await (await foshan.GetAsync($"/api/v1/persons/{id}")).ExpectAsync(404);
        await (await clerk.PostJsonAsync($"/api/v1/persons/{id}/stop-contributing", new { stoppedOn = "2025-09-30" })).ExpectAsync(403);

        var rows = await Sql.StringsAsync(fixture.ConnectionString, """
            SELECT concat_ws('|', caller_kind, caller_region, purpose, method, route, status_code, outcome)
            FROM jinbao_api_audit WHERE citizen_id = @id ORDER BY audit_id
            """, ("id", id));
        Assert.Equal(
        [
            "city-system|440300|pension counter enquiry #4711|GET|/api/v1/persons/{citizenId}|200|ok",
            "city-system|440300|DeclareContribution|POST|/api/v1/persons/{citizenId}/contributions|201|ok",
            "city-system|440600|GetPersonRecord|GET|/api/v1/persons/{citizenId}|404|not-found",
            "clerk|440300|StopContributing|POST|/api/v1/persons/{citizenId}/stop-contributing|403|denied",
        ], rows);
    }

    [Fact]
    public async Task AuditTable_IsAppendOnly()
    {
        await (await (await fixture.CitySystemAsync(Shenzhen)).GetAsync($"/api/v1/agencies/{Shenzhen}/cases")).ExpectAsync(200);

        var error = await Assert.ThrowsAnyAsync<Npgsql.PostgresException>(() =>
            Sql.ExecuteAsync(fixture.ConnectionString, "UPDATE jinbao_api_audit SET outcome = 'ok'"));

        Assert.Contains("append-only", error.MessageText, StringComparison.Ordinal);
    }
}
