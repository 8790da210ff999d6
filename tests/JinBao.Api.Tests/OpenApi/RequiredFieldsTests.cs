using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

using JinBao.Api.Tests.Infrastructure;

using static JinBao.Api.Tests.Infrastructure.ApiFixture;

namespace JinBao.Api.Tests.OpenApi;

/// <summary>The OpenAPI document's <c>required</c> lists are what the API demands, no more and no less.</summary>
[Collection(ApiCollection.Name)]
public sealed class RequiredFieldsTests(ApiFixture fixture)
{
    // Routes only a supervisor of the own province is admitted to; every other route admits the own city's system.
    private static readonly HashSet<string> SupervisorRoutes = ["AddAdjustmentRule", "ConfirmClearingStatement", "CreateClerk", "ChangePassword", "AssignCase", "AcknowledgeEscalation", "SetTransferPolicy"];

    /// <summary>
    /// For every POST route with a JSON body, its valid example is sent once as it is and once without each property of
    /// the body's schema (and of the objects in its arrays): a property the document requires must be refused with a 400
    /// naming it; one the document leaves optional must not change the answer.
    /// </summary>
    [Fact]
    public async Task EveryRequestBody_DocumentRequiresExactlyWhatTheApiRefusesWithout()
    {
        using var anonymous = fixture.Anonymous();
        var document = await anonymous.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var city = await fixture.CitySystemAsync(Shenzhen);
        var supervisor = await fixture.SupervisorAsync(Shenzhen);

        var mismatches = new List<string>();
        var checkedProperties = 0;
        foreach (var (route, schema) in JsonBodies(document))
        {
            var client = SupervisorRoutes.Contains(route) ? supervisor : city;
            var example = await fixture.ExamplePostAsync(route);
            using var baseline = await client.PostJsonAsync(example.Url, example.Body);
            if ((int)baseline.StatusCode == 400)
            {
                mismatches.Add($"{route}: its example is refused: {await baseline.Content.ReadAsStringAsync()}");
                continue;
            }

            foreach (var property in Properties(document, schema))
            {
                checkedProperties++;
                var fresh = await fixture.ExamplePostAsync(route); // a fresh situation, so the answer depends only on the body
                var body = property.Without(fresh.Body);
                using var response = await client.PostJsonAsync(fresh.Url, body);
                var answer = await response.Content.ReadAsStringAsync();
                var refusedForIt = (int)response.StatusCode == 400 && NamesField(answer, property.TopLevel);
                if (property.Required && !refusedForIt)
                {
                    mismatches.Add($"{route}: the document requires {property.Path}, but without it the API answers {(int)response.StatusCode}: {answer}");
                }
                else if (!property.Required && response.StatusCode != baseline.StatusCode)
                {
                    mismatches.Add($"{route}: {property.Path} is optional in the document, but without it the API answers {(int)response.StatusCode} "
                        + $"(with it {(int)baseline.StatusCode}): {answer}");
                }
            }
        }

        Assert.True(checkedProperties >= 40, $"only {checkedProperties} properties checked");
        Assert.True(mismatches.Count == 0, string.Join('\n', mismatches));
    }

    /// <summary>Each POST operation taking JSON, with its body's object schema (a $ref, possibly one of null or it).</summary>
    private static IEnumerable<(string Route, JsonElement Schema)> JsonBodies(JsonElement document)
    {
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            if (path.Value.TryGetProperty("post", out var post) && post.TryGetProperty("requestBody", out var body)
                && body.GetProperty("content").TryGetProperty("application/json", out var json))
            {
                yield return (post.GetProperty("operationId").GetString()!, Resolve(document, json.GetProperty("schema")));
            }
        }
    }

    /// <summary>The properties of an object schema, and of the objects its array properties hold (as <c>lines[0].itemCode</c>).</summary>
    private static IEnumerable<BodyProperty> Properties(JsonElement document, JsonElement schema)
    {
        var required = schema.TryGetProperty("required", out var names) ? names.EnumerateArray().Select(n => n.GetString()!).ToHashSet() : [];
        foreach (var property in schema.GetProperty("properties").EnumerateObject())
        {
            yield return new BodyProperty(property.Name, null, required.Contains(property.Name));
            var value = Resolve(document, property.Value);
            if (value.TryGetProperty("items", out var items) && Resolve(document, items) is { ValueKind: JsonValueKind.Object } item
                && item.TryGetProperty("properties", out var itemProperties))
            {
                var itemRequired = item.TryGetProperty("required", out var itemNames) ? itemNames.EnumerateArray().Select(n => n.GetString()!).ToHashSet() : [];
                foreach (var inner in itemProperties.EnumerateObject())
                {
                    yield return new BodyProperty(property.Name, inner.Name, itemRequired.Contains(inner.Name));
                }
            }
        }
    }

    private static JsonElement Resolve(JsonElement document, JsonElement schema)
    {
        if (schema.TryGetProperty("$ref", out var reference))
        {
            return document.GetProperty("components").GetProperty("schemas").GetProperty(reference.GetString()!.Split('/')[^1]);
        }

        foreach (var combinator in new[] { "oneOf", "anyOf" })
        {
            if (schema.TryGetProperty(combinator, out var choices)
                && choices.EnumerateArray().FirstOrDefault(c => !(c.TryGetProperty("type", out var type) && type.GetString() == "null")) is { ValueKind: JsonValueKind.Object } choice)
            {
                return Resolve(document, choice);
            }
        }

        return schema;
    }

    // A 400 with field errors for the property (for a property of an array's items, errors of the array count).
    private static bool NamesField(string answer, string topLevel) =>
        JsonDocument.Parse(answer).RootElement.TryGetProperty("errors", out var errors)
        && errors.EnumerateObject().Any(e => e.Name == topLevel || e.Name.StartsWith(topLevel + "[", StringComparison.Ordinal) || e.Name.StartsWith(topLevel + ".", StringComparison.Ordinal));

    private sealed record BodyProperty(string TopLevel, string? Inner, bool Required)
    {
        public string Path => Inner is null ? TopLevel : $"{TopLevel}[0].{Inner}";

        /// <summary>The body without this property (unchanged when the example does not send it).</summary>
        public JsonObject Without(JsonObject body)
        {
            var copy = body.DeepClone().AsObject();
            if (Inner is null)
            {
                copy.Remove(TopLevel);
            }
            else if (copy[TopLevel] is JsonArray { Count: > 0 } array && array[0] is JsonObject first)
            {
                first.Remove(Inner);
            }

            return copy;
        }
    }
}
