using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

using JinBao.Api.Auth;
using JinBao.Api.Tests.Infrastructure;
using JinBao.Primitives;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

using Xunit.Abstractions;

using static JinBao.Api.Tests.Infrastructure.ApiFixture;

namespace JinBao.Api.Tests.Errors;

/// <summary>
/// Issue 17: thousands of requests derived from the served OpenAPI document (<see cref="HostileRequests"/>), each wrong in
/// one way, from several kinds of caller and with forged, expired and foreign tokens. None may be answered 5xx, no POST
/// may be accepted, and no business row may change: every business table's content hash (<see cref="BusinessTables"/>,
/// which says which tables are business and why) is the same before and after.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class HostileInputTests(ApiFixture fixture, ITestOutputHelper output)
{
    private const int Seed = 17;
    private const int MinimumRequests = 5_000;
    private const int Parallelism = 8;

    [Fact]
    public async Task GeneratedHostileRequests_AreNever5xx_AcceptNoChange_AndLeaveBusinessTablesAsTheyWere()
    {
        using var client = fixture.Anonymous();
        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var tokens = await TokensAsync();
        var valid = await ValidRequestsAsync();
        var accepted = await AcceptedBeforeTheRunAsync(client, tokens);
        var groups = new HostileRequests(document, valid, await ForgedAuthorizationsAsync(tokens), Seed).Generate().Concat(accepted).ToList();
        var count = groups.Sum(g => g.Count);
        Assert.True(count >= MinimumRequests, $"only {count} requests generated");

        var before = await BusinessTables.QuietHashesAsync(fixture.ConnectionString);
        var clock = Stopwatch.StartNew();
        var answers = new ConcurrentBag<(HostileRequest Request, int Status, string Body, bool Replayed)>();
        await Parallel.ForEachAsync(groups, new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, async (group, _) =>
        {
            foreach (var request in group)
            {
                answers.Add(await SendAsync(client, tokens, request));
            }
        });
        clock.Stop();
        var after = await BusinessTables.QuietHashesAsync(fixture.ConnectionString);

        var findings = answers
            .Where(a => a.Status is 0 or >= 500 || (a.Request.Method == "POST" && a.Status is >= 200 and < 300 && !(a.Request.ReplaysAcceptedRequest && a.Replayed)))
            .OrderBy(a => a.Request.Operation).ThenBy(a => a.Request.Variant)
            .Select(a => $"{a.Status} {a.Request}: {HostileRequest.Shorten(a.Body, 300)}")
            .ToList();
        var changed = BusinessTables.Changed(before, after);
        var statuses = string.Join(", ", answers.GroupBy(a => a.Status).OrderBy(g => g.Key).Select(g => $"{g.Key}×{g.Count()}"));
        output.WriteLine($"{answers.Count} hostile requests in {clock.Elapsed.TotalSeconds:F1} s over {document.GetProperty("paths").EnumerateObject().Count()} paths: {statuses}");

        Assert.True(findings.Count == 0 && changed.Count == 0,
            $"Business tables changed during the run: {(changed.Count == 0 ? "none" : string.Join(", ", changed))}.\n"
            + $"{findings.Count} of {answers.Count} hostile requests were answered 5xx, not at all, or accepted:\n{string.Join('\n', findings)}");
    }

    /// <summary>The run's own accounts (so wrong passwords lock nobody else out) and a city system each of Shenzhen and Chengdu.</summary>
    private async Task<Dictionary<HostileCaller, string>> TokensAsync()
    {
        var credentials = fixture.Api.Services.GetRequiredService<CredentialStore>();
        var shenzhen = RegionCode.Parse(Shenzhen);
        var (clerk, clerkPassword) = await credentials.CreateClerkAsync(shenzhen, "hostile-clerk", "clerk");
        var (supervisor, supervisorPassword) = await credentials.CreateClerkAsync(shenzhen, "hostile-supervisor", "supervisor");
        return new Dictionary<HostileCaller, string>
        {
            [HostileCaller.CitySystem] = Bearer(await fixture.CitySystemAsync(Shenzhen)),
            [HostileCaller.ForeignCity] = Bearer(await fixture.CitySystemAsync(Chengdu)),
            [HostileCaller.Clerk] = await SignInAsync(clerk, clerkPassword),
            [HostileCaller.Supervisor] = await SignInAsync(supervisor, supervisorPassword),
        };

        static string Bearer(HttpClient client) => client.DefaultRequestHeaders.Authorization!.ToString();
    }

    private async Task<string> SignInAsync(string login, string password)
    {
        using var anonymous = fixture.Anonymous();
        using var response = await anonymous.PostAsync("/api/v1/auth/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["username"] = login,
            ["password"] = password,
        }));
        return "Bearer " + (await response.ExpectAsync(200)).GetProperty("access_token").GetString();
    }

    /// <summary>
    /// Tokens an attacker could send: altered, signed with another key or none, and, signed with the cluster's real key
    /// (as a leaked or stale token would be), expired, not yet valid, of another cluster, or with claims that name no caller.
    /// </summary>
    private async Task<Dictionary<string, string>> ForgedAuthorizationsAsync(Dictionary<HostileCaller, string> tokens)
    {
        var real = tokens[HostileCaller.CitySystem]["Bearer ".Length..];
        var parts = real.Split('.');
        var payload = JsonNode.Parse(Base64UrlEncoder.Decode(parts[1]))!.AsObject();
        var foreignParts = tokens[HostileCaller.ForeignCity]["Bearer ".Length..].Split('.');
        var foreignPayload = JsonNode.Parse(Base64UrlEncoder.Decode(foreignParts[1]))!.AsObject();
        foreignPayload["region"] = Shenzhen;

        var key = await fixture.Api.Services.GetRequiredService<SigningKeys>().CurrentAsync(CancellationToken.None);
        var now = DateTime.UtcNow;
        var issuer = TokenIssuer.IssuerFor(fixture.Cluster.Options.ClusterId);
        var claims = new Dictionary<string, object> { ["sub"] = payload["sub"]!.GetValue<string>(), ["region"] = Shenzhen, ["kind"] = "city-system" };
        string Mint(SecurityKey signingKey, DateTime notBefore, DateTime expires, string tokenIssuer = "", string audience = TokenIssuer.Audience, Dictionary<string, object>? with = null) =>
            "Bearer " + new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
            {
                Issuer = tokenIssuer.Length > 0 ? tokenIssuer : issuer,
                Audience = audience,
                IssuedAt = notBefore,
                NotBefore = notBefore,
                Expires = expires,
                Claims = with ?? claims,
                SigningCredentials = new SigningCredentials(signingKey, SecurityAlgorithms.HmacSha256),
            });

        var otherKey = new SymmetricSecurityKey(new Random(Seed).GetItems<byte>(Enumerable.Range(0, 256).Select(b => (byte)b).ToArray(), 32));
        return new Dictionary<string, string>
        {
            ["signature altered"] = $"Bearer {parts[0]}.{parts[1]}.{new string(parts[2].Reverse().ToArray())}",
            ["signature removed"] = $"Bearer {parts[0]}.{parts[1]}.",
            ["payload of another region under the original signature"] = $"Bearer {foreignParts[0]}.{Base64UrlEncoder.Encode(foreignPayload.ToJsonString())}.{foreignParts[2]}",
            ["alg none"] = $"Bearer {Base64UrlEncoder.Encode("{\"alg\":\"none\",\"typ\":\"JWT\"}")}.{parts[1]}.",
            ["signed with another key"] = Mint(otherKey, now.AddMinutes(-1), now.AddHours(1)),
            ["expired"] = Mint(key, now.AddHours(-2), now.AddHours(-1)),
            ["not yet valid"] = Mint(key, now.AddHours(1), now.AddHours(2)),
            ["another cluster's issuer"] = Mint(key, now.AddMinutes(-1), now.AddHours(1), tokenIssuer: "jinbao-api:another-province"),
            ["another audience"] = Mint(key, now.AddMinutes(-1), now.AddHours(1), audience: "jinbao-exchange"),
            ["unknown caller kind"] = Mint(key, now.AddMinutes(-1), now.AddHours(1), with: new(claims) { ["kind"] = "root" }),
            ["region that is no region"] = Mint(key, now.AddMinutes(-1), now.AddHours(1), with: new(claims) { ["region"] = "99999x" }),
            ["no subject"] = Mint(key, now.AddMinutes(-1), now.AddHours(1), with: new(claims) { ["sub"] = "" }),
            ["a clerk without a role"] = Mint(key, now.AddMinutes(-1), now.AddHours(1), with: new(claims) { ["kind"] = "clerk" }),
        };
    }

    /// <summary>
    /// A valid request per operation, each in a situation of its own made before the run (so the run changes nothing
    /// by merely being valid somewhere): the POSTs' examples of <see cref="RouteExamples"/>, the GETs' like the matrix's.
    /// </summary>
    private async Task<Dictionary<string, ValidRequest>> ValidRequestsAsync()
    {
        var person = await fixture.PersonAsync();
        var transfer = (await fixture.AppliedTransferAsync(Guangzhou, Shenzhen)).Id;
        var issuer = await fixture.CitySystemAsync(Shenzhen);
        var certificate = await (await issuer.PostJsonAsync($"/api/v1/persons/{person}/certificates", new { })).ExpectAsync(201);
        var (signIn, _) = await fixture.Api.Services.GetRequiredService<CredentialStore>().CreateClerkAsync(RegionCode.Parse(Shenzhen), "hostile-sign-in", "clerk");

        var requests = new Dictionary<string, ValidRequest>
        {
            ["IssueToken"] = new("/api/v1/auth/token", new JsonObject { ["grant_type"] = "password", ["username"] = signIn, ["password"] = "not-the-password" }, HostileCaller.Anonymous),
            ["GetPersonRecord"] = new($"/api/v1/persons/{person}", null, HostileCaller.CitySystem),
            ["GetDrawingPlace"] = new($"/api/v1/persons/{person}/drawing-place", null, HostileCaller.CitySystem),
            ["EstimatePension"] = new($"/api/v1/persons/{person}/pension-estimate", null, HostileCaller.CitySystem),
            ["ListPersonTransfers"] = new($"/api/v1/persons/{person}/transfers", null, HostileCaller.CitySystem),
            ["GetPensionPayments"] = new($"/api/v1/persons/{await fixture.RetireeAsync()}/pension-payments?limit=10", null, HostileCaller.CitySystem),
            ["GetPersonAccessLog"] = new($"/api/v1/persons/{person}/access-log", null, HostileCaller.CitySystem),
            ["GetMedicalAccount"] = new($"/api/v1/persons/{person}/medical", null, HostileCaller.CitySystem),
            ["GetPayee"] = new($"/api/v1/persons/{await fixture.RetireeAsync()}/payee", null, HostileCaller.CitySystem),
            ["GetTransfer"] = new($"/api/v1/pension-transfers/{transfer}", null, HostileCaller.CitySystem),
            ["GetAgencyCases"] = new($"/api/v1/agencies/{Shenzhen}/cases", null, HostileCaller.CitySystem),
            ["GetAgencyHistory"] = new($"/api/v1/agencies/{Shenzhen}/history", null, HostileCaller.CitySystem),
            ["FindAgencyPersons"] = new($"/api/v1/agencies/{Shenzhen}/persons?name=%E5%BC%A0", null, HostileCaller.CitySystem),
            ["GetTransferPolicy"] = new($"/api/v1/agencies/{Shenzhen}/transfer-policy", null, HostileCaller.CitySystem),
            ["ListClerks"] = new($"/api/v1/agencies/{Shenzhen}/staff", null, HostileCaller.Supervisor),
            ["GetStatistics"] = new("/api/v1/statistics/440000", null, HostileCaller.Supervisor),
            ["GetNationalStatistics"] = new("/api/v1/statistics/national", null, HostileCaller.Supervisor),
            ["ListAlerts"] = new($"/api/v1/agencies/{Shenzhen}/alerts?status=open&limit=10", null, HostileCaller.Supervisor),
            ["CheckDocument"] = new($"/api/v1/documents/{certificate.GetProperty("documentNumber").GetString()}?code={certificate.GetProperty("verificationCode").GetString()}", null, HostileCaller.CitySystem),
            ["GetSettlement"] = new($"/api/v1/medical/settlements/{await fixture.SettledAsync()}", null, HostileCaller.CitySystem),
            ["GetClearingStatements"] = new("/api/v1/medical/clearing-statements?period=2026-01", null, HostileCaller.CitySystem),
            ["GetAdjustmentRules"] = new("/api/v1/pension-payments/440000/adjustment-rules", null, HostileCaller.CitySystem),
            ["GetPaymentRun"] = new("/api/v1/pension-payments/440000/runs/2030-11", null, HostileCaller.CitySystem),
            ["GetPaymentBatches"] = new("/api/v1/pension-payments/440000/runs/2030-11/batches", null, HostileCaller.CitySystem),
            ["GetRecoveryCases"] = new("/api/v1/pension-payments/440000/recovery-cases?limit=10", null, HostileCaller.CitySystem),
        };
        foreach (var route in PostRoutes)
        {
            var example = await fixture.ExamplePostAsync(route);
            requests[route] = new(example.Url, example.Body, SupervisorRoutes.Contains(route) ? HostileCaller.Supervisor : HostileCaller.CitySystem);
        }

        // The counter's route: clerks and supervisors, not city systems.
        var activation = await fixture.ExamplePostAsync("IssuePortalActivationCode");
        requests["IssuePortalActivationCode"] = new(activation.Url, activation.Body, HostileCaller.Clerk);

        return requests;
    }

    private static readonly string[] PostRoutes =
    [
        "EnrolPerson", "DeclareContribution", "StopContributing", "RetirePerson", "ApplyForTransfer", "ApproveTransfer", "RejectTransfer",
        "CancelTransfer", "FileForOffSiteCare", "ChangeFiling", "CancelFiling", "SettleBill", "ReverseSettlement", "ConfirmClearingStatement",
        "RegisterResidence", "RecordVerification", "NotifyDeath", "AddAdjustmentRule", "StartPaymentRun", "AssignCase", "AcknowledgeEscalation",
        "SetTransferPolicy", "CreateClerk", "DisableClerk", "EnableClerk", "ChangePassword", "IssueContactLetter", "IssueContributionCertificate",
        "AcknowledgeAlert", "ResolveAlert",
    ];

    // Routes only a supervisor of the own agency or province is admitted to (see the authorization matrix).
    private static readonly HashSet<string> SupervisorRoutes =
        ["AddAdjustmentRule", "ConfirmClearingStatement", "CreateClerk", "DisableClerk", "EnableClerk", "ChangePassword", "AssignCase", "AcknowledgeEscalation", "SetTransferPolicy",
         "AcknowledgeAlert", "ResolveAlert"];

    /// <summary>
    /// Requests accepted before the run, whose replays (same key, same body) in the run must answer the stored response and
    /// change nothing, and whose keys with another body must be refused.
    /// </summary>
    private async Task<List<IReadOnlyList<HostileRequest>>> AcceptedBeforeTheRunAsync(HttpClient client, Dictionary<HostileCaller, string> tokens)
    {
        var groups = new List<IReadOnlyList<HostileRequest>>();
        foreach (var route in new[] { "EnrolPerson", "DeclareContribution", "FileForOffSiteCare", "SettleBill", "IssueContributionCertificate" })
        {
            var example = await fixture.ExamplePostAsync(route);
            var first = new HostileRequest(route, "replay of an accepted request", "POST", example.Url, HostileCaller.CitySystem)
            {
                Body = example.Body.ToJsonString(),
                ContentType = "application/json",
                Headers = [new("Idempotency-Key", $"hostile-accepted-{route}")],
                ReplaysAcceptedRequest = true,
            };
            var (_, status, body, _) = await SendAsync(client, tokens, first);
            Assert.True(status is >= 200 and < 300, $"{route}: its example was refused before the run: {status} {body}");
            var changed = (JsonObject)example.Body.DeepClone();
            changed["hostileUnknown"] = 1;
            var reordered = new JsonObject(example.Body.Reverse().Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone())));
            List<HostileRequest> group =
            [
                first,
                first with { Variant = "accepted key, the body re-ordered (the same request)", Body = reordered.ToJsonString() },
                first with { Variant = "accepted key, another province's caller", Caller = HostileCaller.ForeignCity, ReplaysAcceptedRequest = false },
            ];
            if (example.Body.Count > 0) // a route without a body reads none, so another one is the same request
            {
                group.Add(first with { Variant = "accepted key, another body", Body = changed.ToJsonString(), ReplaysAcceptedRequest = false });
            }

            groups.Add(group);
        }

        return groups;
    }

    private static async Task<(HostileRequest Request, int Status, string Body, bool Replayed)> SendAsync(HttpClient client, Dictionary<HostileCaller, string> tokens, HostileRequest hostile)
    {
        using var request = new HttpRequestMessage(new HttpMethod(hostile.Method), hostile.Url);
        if (hostile.Body is not null)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(hostile.Body));
            if (hostile.ContentType is not null)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", hostile.ContentType);
            }

            // Large bodies ask first, as real clients do: a refusal of the size is then an answer, not a broken pipe.
            request.Headers.ExpectContinue = hostile.Body.Length > 64 * 1024;
        }

        var authorization = hostile.Authorization ?? tokens.GetValueOrDefault(hostile.Caller);
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        foreach (var (name, value) in hostile.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        try
        {
            using var response = await client.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            return (hostile, (int)response.StatusCode, body, response.Headers.TryGetValues("Idempotent-Replayed", out var replayed) && replayed.Contains("true"));
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            return (hostile, 0, $"no answer: {exception.GetType().Name}: {exception.Message}", false);
        }
    }
}
