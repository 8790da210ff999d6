using System.Text;
using System.Text.Json;

using FsCheck;
using FsCheck.Fluent;

using JinBao.Api.Tests.Infrastructure;
using JinBao.Primitives;

using static JinBao.Api.Tests.Infrastructure.ApiFixture;

namespace JinBao.Api.Tests.Errors;

/// <summary>
/// Hundreds of generated bad requests — bad ids, wrong types, missing fields, huge bodies, negative amounts, unknown
/// regions, broken JSON — each answered 4xx with problem details, none leaving a trace in any table.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class MalformedInputTests(ApiFixture fixture)
{
    private static readonly string[] BadCitizenIds =
    [
        "", "1", "44030419850101123", "4403041985010112345", "440304198501011230", "440304198501011239",
        "990304198501011234", "440304198513011234", "440304198502301234", "440304209901011234", "44030419850101123A",
        "44030419850101 234", "４４０３０４１９８５０１０１１２３４", "440304850101123", "x' OR '1'='1", "../../etc/passwd",
        new string('4', 400),
    ];

    private static readonly object?[] BadRegions = ["", "999999", "44030", "4403000", "abcdef", "44030X", 440300, true, null, new { code = "440300" }];

    private static readonly object?[] BadCities = ["440000", "999999", "", "abc", 510100, null];

    private static readonly object?[] BadDates = ["2026-02-30", "yesterday", 20260101, "", "2026-13-01", "01/02/2026", true, new[] { 2026 }];

    private static readonly object?[] BadMonths = ["2026-13", "26-01", "2026/01", "2099-01", "", 202601, "1989-12", "2026-1", "abcd-ef", false, null];

    private static readonly object?[] BadAmounts = [-1, 0, -900_000, 1.5, "900000", true, 1e20, "abc", new { fen = 1 }, null];

    private static readonly string[] BadTransferIds = ["not-a-guid", "00000000-0000-0000-0000-000000000000", "123", "3f2504e0-4f89-11d3-9a0c", "{}", new string('a', 300)];

    private static readonly object?[] BadNames = ["", "   ", "张3", "·张三", "张三·", "张··三", "Robert'); DROP TABLE persons;--", "<b>张</b>", "张\n三", "😀", new string('张', 41), 42, true, new[] { "张三" }];

    private static readonly string[] BrokenJson = ["{", "[]", "null", "\"x\"", "{\"month\":", "{'month':'2025-01'}", "<xml/>", Deep(200)];

    [Fact]
    public async Task GeneratedBadRequests_Are4xxProblems_AndChangeNothing()
    {
        var client = await fixture.CitySystemAsync(Shenzhen);
        var person = await fixture.EnrolledAsync(Shenzhen);
        await fixture.DeclaredAsync(person, "2025-01");
        var transfer = await fixture.AppliedTransferAsync(Guangzhou, Shenzhen);
        var before = await SnapshotAsync(person);

        var requests = BadRequests(person.Value, transfer.Id.ToString()).ToList();
        Assert.True(requests.Count >= 200, $"only {requests.Count} requests generated");
        var failures = new List<string>();
        foreach (var (description, send) in requests)
        {
            using var response = await send(client);
            var status = (int)response.StatusCode;
            var mediaType = response.Content.Headers.ContentType?.MediaType;
            var body = await response.Content.ReadAsStringAsync();
            if (status is < 400 or > 499 || mediaType != "application/problem+json" || !IsProblem(body))
            {
                failures.Add($"{description}: {status} {mediaType} {body[..Math.Min(body.Length, 300)]}");
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {requests.Count} bad requests were not 4xx problems:\n{string.Join('\n', failures)}");
        var after = await SnapshotAsync(person);
        var lastAudited = await Sql.StringsAsync(fixture.ConnectionString, "SELECT method || ' ' || route || ' ' || status_code FROM jinbao_api_audit ORDER BY audit_id DESC LIMIT 3");
        Assert.True(before == after, $"State changed:\n{before}\n{after}\nlast audited: {string.Join("; ", lastAudited)}");
    }

    private static IEnumerable<(string, Func<HttpClient, Task<HttpResponseMessage>>)> BadRequests(string person, string transferId)
    {
        var validEnrol = new Dictionary<string, object?> { ["citizenId"] = TestPeople.Next().Value, ["hukouRegion"] = Shenzhen, ["insuringCity"] = Shenzhen, ["enrolledOn"] = "2025-01-01" };
        var validDeclaration = new Dictionary<string, object?> { ["month"] = "2025-02", ["declaredBaseFen"] = 800_000 };
        var validApplication = new Dictionary<string, object?> { ["citizenId"] = person, ["fromCity"] = Guangzhou };

        foreach (var id in BadCitizenIds.Concat(RandomStrings()))
        {
            var path = Uri.EscapeDataString(id);
            yield return ($"GET person '{id}'", c => c.GetAsync($"/api/v1/persons/{path}"));
            yield return ($"GET drawing place '{id}'", c => c.GetAsync($"/api/v1/persons/{path}/drawing-place"));
            yield return ($"POST contribution to '{id}'", c => c.PostJsonAsync($"/api/v1/persons/{path}/contributions", validDeclaration));
            yield return ($"POST enrol citizenId '{id}'", c => c.PostJsonAsync("/api/v1/persons", With(validEnrol, "citizenId", id)));
            yield return ($"POST transfer citizenId '{id}'", c => c.PostJsonAsync("/api/v1/pension-transfers", With(validApplication, "citizenId", id)));
        }

        foreach (var region in BadRegions)
        {
            yield return ($"POST enrol hukou {Show(region)}", c => c.PostJsonAsync("/api/v1/persons", With(validEnrol, "hukouRegion", region)));
        }

        foreach (var city in BadCities)
        {
            yield return ($"POST enrol insuringCity {Show(city)}", c => c.PostJsonAsync("/api/v1/persons", With(validEnrol, "insuringCity", city is null ? 0 : city)));
            yield return ($"POST transfer fromCity {Show(city)}", c => c.PostJsonAsync("/api/v1/pension-transfers", With(validApplication, "fromCity", city)));
            if (city is not int)
            {
                yield return ($"GET agency {Show(city)}", c => c.GetAsync($"/api/v1/agencies/{Uri.EscapeDataString(city?.ToString() ?? "null")}/cases"));
            }
        }

        foreach (var name in BadNames)
        {
            yield return ($"POST enrol name {Show(name)}", c => c.PostJsonAsync("/api/v1/persons", With(validEnrol, "name", name)));
        }

        foreach (var date in BadDates.Append("1950-01-01").Append("2099-01-01").Append(null))
        {
            yield return ($"POST enrol enrolledOn {Show(date)}", c => c.PostJsonAsync("/api/v1/persons", With(validEnrol, "enrolledOn", date)));
        }

        foreach (var date in BadDates.Append("1980-01-01").Append("2099-01-01"))
        {
            yield return ($"POST retire retiredOn {Show(date)}", c => c.PostJsonAsync($"/api/v1/persons/{person}/retirement", new Dictionary<string, object?> { ["retiredOn"] = date }));
        }

        yield return ("POST retire femaleCadre \"yes\"", c => c.PostJsonAsync($"/api/v1/persons/{person}/retirement", new Dictionary<string, object?> { ["retiredOn"] = "2026-01-01", ["femaleCadre"] = "yes" }));

        foreach (var month in BadMonths)
        {
            yield return ($"POST contribution month {Show(month)}", c => c.PostJsonAsync($"/api/v1/persons/{person}/contributions", With(validDeclaration, "month", month)));
        }

        foreach (var amount in BadAmounts)
        {
            yield return ($"POST contribution amount {Show(amount)}", c => c.PostJsonAsync($"/api/v1/persons/{person}/contributions", With(validDeclaration, "declaredBaseFen", amount)));
        }

        foreach (var (name, body) in new[] { ("enrol", validEnrol), ("contribution", validDeclaration), ("transfer", validApplication) })
        {
            foreach (var field in body.Keys.Where(f => f != "insuringCity")) // the only optional field: it defaults to the caller's city
            {
                yield return ($"POST {name} without {field}", c => c.PostJsonAsync(Url(name, person), body.Where(p => p.Key != field).ToDictionary()));
            }

            foreach (var broken in BrokenJson)
            {
                yield return ($"POST {name} broken JSON {broken[..Math.Min(broken.Length, 20)]}", c => c.PostRawAsync(Url(name, person), broken, "application/json"));
            }

            yield return ($"POST {name} empty body", c => c.PostRawAsync(Url(name, person), "", "application/json"));
            yield return ($"POST {name} as text/plain", c => c.PostRawAsync(Url(name, person), JsonSerializer.Serialize(body), "text/plain"));
            yield return ($"POST {name} as form", c => c.PostRawAsync(Url(name, person), "month=2025-02", "application/x-www-form-urlencoded"));
            yield return ($"POST {name} 100 KB", c => c.PostRawAsync(Url(name, person), Huge(body, 100 * 1024), "application/json"));
            yield return ($"POST {name} 2 MB", c => c.PostRawAsync(Url(name, person), Huge(body, 2 * 1024 * 1024), "application/json"));
            yield return ($"POST {name} without Idempotency-Key", c => c.PostJsonAsync(Url(name, person), body, Http.NoKey));
            yield return ($"POST {name} with a 101-character Idempotency-Key", c => c.PostJsonAsync(Url(name, person), body, new string('k', 101)));
        }

        foreach (var id in BadTransferIds)
        {
            var path = Uri.EscapeDataString(id);
            yield return ($"GET transfer '{id}'", c => c.GetAsync($"/api/v1/pension-transfers/{path}"));
            foreach (var action in new[] { "approve", "reject", "cancel" })
            {
                yield return ($"POST {action} transfer '{id}'", c => c.PostJsonAsync($"/api/v1/pension-transfers/{path}/{action}", new { reason = "x" }));
            }
        }

        foreach (var reason in new object?[] { null, "", new string('r', 501), 42, new[] { "a" } })
        {
            yield return ($"POST reject reason {Show(reason)}", c => c.PostJsonAsync($"/api/v1/pension-transfers/{transferId}/reject", new Dictionary<string, object?> { ["reason"] = reason }));
        }

        yield return ("POST approve reason 501 characters", c => c.PostJsonAsync($"/api/v1/pension-transfers/{transferId}/approve", new { reason = new string('r', 501) }));
        yield return ("DELETE person", c => c.DeleteAsync($"/api/v1/persons/{person}"));
        yield return ("GET unknown route", c => c.GetAsync("/api/v1/nothing-here"));
    }

    // FsCheck-generated path segments: letters, digits, punctuation and CJK, of any length up to 40; never a valid id.
    private static IEnumerable<string> RandomStrings()
    {
        var characters = Gen.Elements("0123456789Xx-_.~ !*()'abcZ金保".ToCharArray());
        var generator = Gen.Choose(1, 40).SelectMany(n => characters.ArrayOf(n)).Select(chars => new string(chars));
        return generator.Sample(60, 60).Where(text => !CitizenId.TryParse(text, out _)).Distinct();
    }

    private static string Url(string name, string person) => name switch
    {
        "enrol" => "/api/v1/persons",
        "contribution" => $"/api/v1/persons/{person}/contributions",
        _ => "/api/v1/pension-transfers",
    };

    private static Dictionary<string, object?> With(Dictionary<string, object?> body, string field, object? value) =>
        new(body) { [field] = value };

    private static string Show(object? value) => value is null ? "null" : JsonSerializer.Serialize(value);

    private static string Huge(Dictionary<string, object?> body, int size) =>
        JsonSerializer.Serialize(new Dictionary<string, object?>(body) { ["padding"] = new string(' ', size) });

    private static string Deep(int depth) => new StringBuilder().Append('[', depth).Append(']', depth).ToString();

    private static bool IsProblem(string body)
    {
        try
        {
            var problem = JsonDocument.Parse(body).RootElement;
            return problem.GetProperty("type").GetString()!.StartsWith("https://jinbao.dev/problems/", StringComparison.Ordinal)
                && problem.GetProperty("status").ValueKind == JsonValueKind.Number
                && problem.TryGetProperty("title", out _) && problem.TryGetProperty("code", out _);
        }
        catch (Exception exception) when (exception is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return false;
        }
    }

    // Everything a bad request could have touched: API tables, events, ledger, grain rows, and the person and transfer.
    private async Task<string> SnapshotAsync(CitizenId person)
    {
        var counts = new List<long>();
        foreach (var table in new[] { "jinbao_api_audit", "jinbao_api_idempotency", "jinbao_events", "jinbao_ledger_entries", "orleans_storage" })
        {
            counts.Add(await fixture.CountAsync($"SELECT count(*) FROM {table}"));
        }

        var record = await fixture.Grains.GetPersonGrain(person).GetRecordAsync();
        return $"{string.Join(',', counts)} | {JsonSerializer.Serialize(record.Segments.Select(s => new { s.City.Value, s.IndividualAccountBalance.Fen, Months = s.Months.Count }))}";
    }
}
