using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

using JinBao.Api.Admin;
using JinBao.Api.Tests.Infrastructure;

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

using static JinBao.Api.Tests.Infrastructure.ApiFixture;

namespace JinBao.Api.Tests.Hosting;

[Collection(ApiCollection.Name)]
public sealed class HostingTests(ApiFixture fixture)
{
    [Fact]
    public async Task Health_LiveAndReady_Are200WhenClusterAndDatabaseAnswer()
    {
        using var client = fixture.Anonymous();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        var ready = await client.GetAsync("/health/ready");
        Assert.True(ready.StatusCode == HttpStatusCode.OK, await ready.Content.ReadAsStringAsync());
    }

    // POSTs that take no input: an action on what the path names.
    private static readonly HashSet<string> BodylessActions = ["IssueContributionCertificate", "IssueContactLetter", "DisableClerk", "EnableClerk", "IssuePortalActivationCode", "AcknowledgeAlert"];

    // POSTs that keep no idempotency record (a response may carry a one-time password; a retry is safe without one).
    private static readonly HashSet<string> Unrecorded = ["CreateClerk", "DisableClerk", "EnableClerk", "ChangePassword", "IssuePortalActivationCode"];

    [Fact]
    public async Task OpenApi_EveryRouteHasSummaryTypedBodiesAndProblemResponses()
    {
        using var client = fixture.Anonymous();
        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var operations = document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(op => (Path: path.Name, Method: op.Name, Op: op.Value))).ToList();
        Assert.Equal(56, operations.Count); // 13 + 9 medical settlement + 10 pension drawing + 15 workbench routes (staff, history, name search, case handling, policy, access log, documents) + 4 portal routes + 5 supervision routes
        foreach (var (path, method, op) in operations)
        {
            var name = $"{method} {path}";
            Assert.False(string.IsNullOrWhiteSpace(op.GetProperty("summary").GetString()), name);
            var responses = op.GetProperty("responses");
            foreach (var status in new[] { "400", "401", "429" })
            {
                Assert.True(responses.TryGetProperty(status, out var problem), $"{name} documents no {status}");
                Assert.True(problem.GetProperty("content").TryGetProperty("application/problem+json", out _), $"{name} {status} is not problem+json");
            }

            Assert.Contains(responses.EnumerateObject(), r => r.Name == "204" || (r.Name.StartsWith('2') && r.Value.TryGetProperty("content", out _)));
            var operationId = op.GetProperty("operationId").GetString()!;
            if (method == "post" && path != "/api/v1/auth/token")
            {
                Assert.True(op.TryGetProperty("requestBody", out _) || BodylessActions.Contains(operationId), $"{name} documents no body");
                var keyRequired = op.GetProperty("parameters").EnumerateArray().Any(p => p.GetProperty("name").GetString() == "Idempotency-Key" && p.GetProperty("required").GetBoolean());
                Assert.True(keyRequired != Unrecorded.Contains(operationId), $"{name}: Idempotency-Key documented {(keyRequired ? "" : "not ")}as required");
                Assert.True(responses.TryGetProperty("422", out _), $"{name} documents no 422");
            }

            if (path != "/api/v1/auth/token")
            {
                Assert.True(responses.TryGetProperty("403", out _) && responses.TryGetProperty("404", out _), $"{name} documents no 403/404");
            }
        }
    }

    [Fact]
    public async Task DocsPage_IsServedWithoutAnyExternalScript()
    {
        using var client = fixture.Anonymous();

        var page = await client.GetStringAsync("/docs/index.html");
        var initializer = await client.GetStringAsync("/docs/index.js");

        Assert.Contains("swagger-ui", page, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", page, StringComparison.Ordinal);
        Assert.Contains("/openapi/v1.json", initializer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Errors_AreProblemDetailsWithStableTypeAndCode()
    {
        using var anonymous = fixture.Anonymous();
        var shenzhen = await fixture.CitySystemAsync(Shenzhen);

        var unauthorized = await (await anonymous.GetAsync($"/api/v1/persons/{TestPeople.Next().Value}")).ExpectAsync(401);
        var notFound = await (await shenzhen.GetAsync($"/api/v1/persons/{TestPeople.Next().Value}")).ExpectAsync(404);
        var validation = await (await shenzhen.PostJsonAsync("/api/v1/persons", new { citizenId = "440304198501011230", hukouRegion = "999999", enrolledOn = "2025-01-01" })).ExpectAsync(400);

        Assert.Equal("https://jinbao.dev/problems/unauthorized", unauthorized.GetProperty("type").GetString());
        Assert.Equal("person-not-found", notFound.Code());
        Assert.Equal("https://jinbao.dev/problems/validation", validation.GetProperty("type").GetString());
        var errors = validation.GetProperty("errors");
        Assert.StartsWith("citizen-id-checksum", errors.GetProperty("citizenId")[0].GetString(), StringComparison.Ordinal);
        Assert.StartsWith("region-unknown", errors.GetProperty("hukouRegion")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_WrongSecretOrPassword_IsRefusedAsProblem()
    {
        using var anonymous = fixture.Anonymous();

        var client = await (await anonymous.PostAsync("/api/v1/auth/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = "cs-440300-nosuchclient", ["client_secret"] = "guess",
        }))).ExpectAsync(401);
        var clerk = await (await anonymous.PostAsync("/api/v1/auth/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password", ["username"] = "nobody@440300", ["password"] = "guess",
        }))).ExpectAsync(400);
        var grant = await (await anonymous.PostAsync("/api/v1/auth/token", new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "implicit" }))).ExpectAsync(400);

        Assert.Equal("invalid_client", client.GetProperty("error").GetString());
        Assert.Equal("invalid_grant", clerk.GetProperty("error").GetString());
        Assert.Equal("unsupported-grant-type", grant.Code());
    }

    [Fact]
    public async Task Token_DisabledCredential_NoLongerGetsTokens()
    {
        var store = fixture.Api.Services.GetService(typeof(JinBao.Api.Auth.CredentialStore)) as JinBao.Api.Auth.CredentialStore;
        var (clientId, secret) = await store!.CreateCityCredentialAsync(JinBao.Primitives.RegionCode.Parse(Foshan));
        await Sql.ExecuteAsync(fixture.ConnectionString, "UPDATE jinbao_api_city_credentials SET disabled_at = now() WHERE client_id = @id", ("id", clientId));
        using var anonymous = fixture.Anonymous();

        await (await anonymous.PostAsync("/api/v1/auth/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = secret,
        }))).ExpectAsync(401);
    }

    [Fact]
    public async Task Token_SignedWithAnotherKey_IsRefused()
    {
        using var client = fixture.Anonymous();
        var shenzhen = await fixture.CitySystemAsync(Shenzhen);
        var token = shenzhen.DefaultRequestHeaders.Authorization!.Parameter!;
        var forged = token[..token.LastIndexOf('.')] + ".AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", forged);

        await (await client.GetAsync($"/api/v1/agencies/{Shenzhen}/cases")).ExpectAsync(401);
    }

    [Fact]
    public async Task RateLimit_OverTheCallersLimit_Is429WithRetryAfter()
    {
        await using var limited = fixture.CreateApi(overrides: new Dictionary<string, string?> { ["JinBao:Api:PermitsPerMinute"] = "3" });
        await Task.Run(limited.StartServer);
        var token = (await fixture.CitySystemAsync(Foshan)).DefaultRequestHeaders.Authorization;
        using var client = limited.CreateClient();
        client.DefaultRequestHeaders.Authorization = token; // the same cluster database, so the same signing key

        var statuses = new List<HttpResponseMessage>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add(await client.GetAsync($"/api/v1/agencies/{Foshan}/cases"));
        }

        Assert.All(statuses.Take(3), r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var problem = await statuses[3].ExpectAsync(429);
        Assert.Equal("too-many-requests", problem.Code());
        Assert.True(int.Parse(statuses[3].Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) >= 1);
    }

    [Fact]
    public async Task AdminCommands_PrintTheSecretOnce_AndItWorks()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:jinbao"] = fixture.ConnectionString }).Build();
        var output = new StringWriter();
        var error = new StringWriter();

        var credential = await ApiCommandLine.RunAsync(["create-city-credential", "--city", Guangzhou], () => configuration, output, error);
        var clerk = await ApiCommandLine.RunAsync(["create-clerk", "--city", Guangzhou, "--user", "li.na", "--role", "supervisor"], () => configuration, output, error);
        var duplicate = await ApiCommandLine.RunAsync(["create-clerk", "--city", Guangzhou, "--user", "li.na", "--role", "supervisor"], () => configuration, output, error);
        var badCity = await ApiCommandLine.RunAsync(["create-city-credential", "--city", "440000"], () => configuration, output, error);

        Assert.Equal([0, 0, 2, 2], new[] { credential, clerk, duplicate, badCity }.Select(code => code ?? -1));
        var printed = output.ToString().Split('\n').Select(l => l.Trim()).Where(l => l.Contains('=')).ToDictionary(l => l[..l.IndexOf('=')], l => l[(l.IndexOf('=') + 1)..]);
        Assert.DoesNotContain(printed["client_secret"], await Sql.StringsAsync(fixture.ConnectionString, "SELECT secret_hash FROM jinbao_api_city_credentials"));
        using var anonymous = fixture.Anonymous();
        await (await anonymous.PostAsync("/api/v1/auth/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = printed["client_id"], ["client_secret"] = printed["client_secret"],
        }))).ExpectAsync(200);
        await (await anonymous.PostAsync("/api/v1/auth/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password", ["username"] = printed["username"], ["password"] = printed["password"],
        }))).ExpectAsync(200);
    }

    [Fact]
    public async Task IssueActivationCode_PrintsACodeThatActivatesThePortalOnce()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:jinbao"] = fixture.ConnectionString }).Build();
        var person = await fixture.PersonAsync();
        var output = new StringWriter();
        var error = new StringWriter();

        var issued = await ApiCommandLine.RunAsync(["issue-activation-code", "--citizen-id", person], () => configuration, output, error);
        var invalid = await ApiCommandLine.RunAsync(["issue-activation-code", "--citizen-id", "123"], () => configuration, new StringWriter(), error);

        Assert.Equal((0, 2), (issued, invalid));
        Assert.Contains("not a valid citizen id", error.ToString());
        Assert.DoesNotContain(person, output.ToString()); // the id is printed masked
        var code = output.ToString().Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith("code=", StringComparison.Ordinal))[5..];
        var signIn = fixture.Api.Services.GetRequiredService<JinBao.Portal.Hosting.IPersonSignIn>();
        Assert.Equal(JinBao.Portal.Hosting.PersonSignInOutcome.Ok, (await signIn.ActivateAsync(person, code, "admin-issued-password", null, default)).Outcome);
    }
}
