using System.Net.Http.Json;
using System.Text.Json;

using JinBao.Api.Tests.Infrastructure;
using JinBao.Portal.Hosting;

using Microsoft.Extensions.DependencyInjection;

using static JinBao.Api.Tests.Infrastructure.ApiFixture;

namespace JinBao.Api.Tests.Persons;

/// <summary>
/// The insured person as an API caller (the portal's token): a clerk's one-time code activates the credential, the
/// password grant with the citizen id signs in, and the token sees the person's own data and nothing else: another
/// person's id answers 404 on every route a person may call, and every other route answers 403.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class PortalAccessTests(ApiFixture fixture)
{
    private const string Password = "portal-test-password";

    [Fact]
    public async Task ACodeFromTheCounter_ActivatesOnce_AndLocksAfterFiveWrongPasswords()
    {
        var person = await fixture.PersonAsync();
        var code = await IssueCodeAsync(person);
        var signIn = fixture.Api.Services.GetRequiredService<IPersonSignIn>();

        Assert.Equal(PersonSignInOutcome.Wrong, (await signIn.ActivateAsync(person, "00000000" == code ? "11111111" : "00000000", Password, null, default)).Outcome);
        Assert.Equal(PersonSignInOutcome.WeakPassword, (await signIn.ActivateAsync(person, code, "short", null, default)).Outcome);
        var activated = await signIn.ActivateAsync(person, code, Password, null, default);
        Assert.Equal((PersonSignInOutcome.Ok, person), (activated.Outcome, activated.CitizenId));
        Assert.Equal(PersonSignInOutcome.Wrong, (await signIn.ActivateAsync(person, code, Password, null, default)).Outcome); // used up

        // The used-up code counted as the first wrong attempt; three wrong passwords follow, the fifth attempt locks.
        for (var attempt = 2; attempt < 5; attempt++)
        {
            Assert.Equal(PersonSignInOutcome.Wrong, (await signIn.SignInAsync(person, "not-the-password", null, default)).Outcome);
        }

        Assert.Equal(PersonSignInOutcome.Locked, (await signIn.SignInAsync(person, "not-the-password", null, default)).Outcome);
        Assert.Equal(PersonSignInOutcome.Locked, (await signIn.SignInAsync(person, Password, null, default)).Outcome); // the right one too
        Assert.True(await fixture.CountAsync(
            "SELECT count(*) FROM jinbao_api_sign_ins s JOIN jinbao_api_citizen_credentials c ON s.login = c.credential_id WHERE c.citizen_id = @id AND s.outcome IN ('wrong-secret', 'locked', 'activated', 'wrong-code')",
            ("id", person)) >= 8);

        // A new code from the counter resets the password and lifts the lock.
        Assert.Equal(PersonSignInOutcome.Ok, (await signIn.ActivateAsync(person, await IssueCodeAsync(person), Password + "-2", null, default)).Outcome);
        Assert.Equal(PersonSignInOutcome.Ok, (await signIn.SignInAsync(person, Password + "-2", null, default)).Outcome);
    }

    [Fact]
    public async Task APerson_SeesTheirOwnRecord_AndGets404ForAnyoneElse_On_EveryRouteAPersonMayCall()
    {
        var me = await fixture.PersonAsync();
        var other = await fixture.PersonAsync();
        using var client = await SignedInAsync(me);

        var routes = await PersonRoutesAsync();
        Assert.Contains("GetPersonRecord", routes.Keys);
        Assert.Contains("GetPersonAccessLog", routes.Keys);
        foreach (var (operation, (method, path)) in routes)
        {
            if (!path.Contains("{citizenId}", StringComparison.Ordinal))
            {
                continue; // ApplyForTransfer and the transfer routes: below
            }

            // A POST goes as its valid example, whose person is a fresh one: someone else.
            using var response = method == "get"
                ? await client.GetAsync(path.Replace("{citizenId}", other, StringComparison.Ordinal))
                : await SendExampleAsync(client, operation);
            Assert.True((int)response.StatusCode == 404, $"{operation} for another person: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        var record = await (await client.GetAsync($"/api/v1/persons/{me}")).ExpectAsync(200);
        Assert.Equal(me, record.GetProperty("citizenId").GetString());
        await (await client.PostJsonAsync("/api/v1/pension-transfers", new { citizenId = other, fromCity = Guangzhou })).ExpectAsync(404);
        var someoneElses = await fixture.AppliedTransferAsync(Guangzhou, Shenzhen);
        await (await client.GetAsync($"/api/v1/pension-transfers/{someoneElses.Id}")).ExpectAsync(404);
        await (await client.PostJsonAsync($"/api/v1/pension-transfers/{someoneElses.Id}/cancel", new { })).ExpectAsync(404);

        // The person's own reads are in their access log, as the person's.
        var log = await (await client.GetAsync($"/api/v1/persons/{me}/access-log")).ExpectAsync(200);
        Assert.Contains(log.EnumerateArray(), entry => entry.GetProperty("callerKind").GetString() == "person");
    }

    [Fact]
    public async Task APerson_Gets403_OnEveryAgencyAndCitySystemRoute()
    {
        var me = await fixture.PersonAsync();
        using var client = await SignedInAsync(me);
        var personRoutes = await PersonRoutesAsync();
        using var anonymous = fixture.Anonymous();
        var document = await anonymous.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var checkedRoutes = 0;
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                var id = operation.Value.GetProperty("operationId").GetString()!;
                if (id == "IssueToken" || personRoutes.ContainsKey(id))
                {
                    continue;
                }

                // GETs on the person's own id where there is one; POSTs as their valid examples (validation comes first).
                var url = path.Name.Replace("{citizenId}", me, StringComparison.Ordinal).Replace("{city}", Shenzhen, StringComparison.Ordinal)
                    .Replace("{province}", "440000", StringComparison.Ordinal).Replace("{transferId}", Guid.NewGuid().ToString(), StringComparison.Ordinal)
                    .Replace("{settlementId}", "s-1", StringComparison.Ordinal).Replace("{month}", "2030-11", StringComparison.Ordinal)
                    .Replace("{documentNumber}", "JB1", StringComparison.Ordinal);
                using var response = operation.Name == "get" ? await client.GetAsync(url) : await SendExampleAsync(client, id);
                var body = await response.Content.ReadAsStringAsync();
                Assert.True((int)response.StatusCode == 403 && body.Contains("caller-kind-forbidden", StringComparison.Ordinal),
                    $"{id} as a person: {(int)response.StatusCode} {body}");
                checkedRoutes++;
            }
        }

        Assert.True(checkedRoutes > 30, $"only {checkedRoutes} routes checked");
    }

    /// <summary>The routes that admit persons, by their documented callers (x-jinbao-callers) (operation id → method and path).</summary>
    private async Task<Dictionary<string, (string Method, string Path)>> PersonRoutesAsync()
    {
        using var anonymous = fixture.Anonymous();
        var document = await anonymous.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        return document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(operation => (Path: path.Name, Method: operation.Name, operation.Value)))
            .Where(o => o.Value.TryGetProperty("x-jinbao-callers", out var callers) && callers.GetString()!.Contains("insured persons", StringComparison.Ordinal))
            .ToDictionary(o => o.Value.GetProperty("operationId").GetString()!, o => (o.Method, o.Path));
    }

    private async Task<string> IssueCodeAsync(string person)
    {
        var clerk = await fixture.ClerkAsync(Shenzhen);
        var issued = await (await clerk.PostJsonAsync($"/api/v1/persons/{person}/activation-code", new { }, Http.NoKey)).ExpectAsync(201);
        return issued.GetProperty("code").GetString()!;
    }

    private async Task<HttpClient> SignedInAsync(string person)
    {
        var activated = await fixture.Api.Services.GetRequiredService<IPersonSignIn>().ActivateAsync(person, await IssueCodeAsync(person), Password, null, default);
        Assert.Equal(PersonSignInOutcome.Ok, activated.Outcome);
        return await fixture.TokenClientAsync(new Dictionary<string, string> { ["grant_type"] = "password", ["username"] = person, ["password"] = Password });
    }

    private async Task<HttpResponseMessage> SendExampleAsync(HttpClient client, string operation)
    {
        var example = await fixture.ExamplePostAsync(operation);
        return await client.PostJsonAsync(example.Url, example.Body);
    }
}
