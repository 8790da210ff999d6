using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace JinBao.Api.Tests.Errors;

/// <summary>Whose bearer token a hostile request carries (unless it carries a forged one of its own).</summary>
public enum HostileCaller
{
    CitySystem,
    Clerk,
    Supervisor,
    ForeignCity,
    Anonymous,
}

/// <summary>One request of the hostile-input run: what it is (operation and variant), and everything sent.</summary>
public sealed record HostileRequest(string Operation, string Variant, string Method, string Url, HostileCaller Caller)
{
    public string? Body { get; init; }

    /// <summary>The Content-Type header; null sends the body without one.</summary>
    public string? ContentType { get; init; }

    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>An Authorization header that replaces the caller's own token (forged, expired, foreign...).</summary>
    public string? Authorization { get; init; }

    /// <summary>A replay of a request accepted before the run: the stored answer, 2xx and marked replayed, is right.</summary>
    public bool ReplaysAcceptedRequest { get; init; }

    public override string ToString() => $"{Method} {Shorten(Url, 120)} [{Operation}: {Variant}] as {Caller}";

    public static string Shorten(string text, int length) => text.Length <= length ? text : $"{text[..length]}…({text.Length} chars)";
}

/// <summary>A route of the OpenAPI document with what a valid request to it looks like, which the variants each break once.</summary>
/// <param name="Url">A valid URL (path and query) in a situation of its own.</param>
/// <param name="Body">A valid body (JSON object, or form fields for a form route); null for a route without one.</param>
/// <param name="Caller">A caller the route admits.</param>
public sealed record ValidRequest(string Url, JsonObject? Body, HostileCaller Caller);

/// <summary>
/// Reads the served OpenAPI document and derives, for every operation, requests that are each wrong in one way: path
/// and query parameters, body fields by their schema (missing, wrong JSON type, beyond their limits, unknown), whole
/// bodies and content types, the Idempotency-Key and JinBao-Purpose headers, bearer tokens and methods. Deterministic:
/// the same document and seed give the same requests.
/// </summary>
public sealed class HostileRequests(JsonElement document, IReadOnlyDictionary<string, ValidRequest> valid, IReadOnlyDictionary<string, string> forgedAuthorizations, int seed)
{
    private const string IdempotencyHeader = "Idempotency-Key";
    private const string PurposeHeader = "JinBao-Purpose";
    private const string FormMediaType = "application/x-www-form-urlencoded";

    private static readonly string[] HostilePathValues =
    [
        "", " ", "%00", "%2F", "..", "%2e%2e%2f%2e%2e%2f", "x", "0", "-1", "null", "undefined", "{id}", "' OR '1'='1", "<script>",
        "99999999999999999999", "1e400", "00000000-0000-0000-0000-000000000000", "张三", "😀", "\u202E", "\u200B", "%FF%FE",
        new string('9', 300), new string('a', 5000),
    ];

    private static readonly string[] HostileQueryValues =
    [
        "-1", "0", "2147483648", "9223372036854775808", "1e400", "1.5", "abc", "", " ", "%00", "张", "😀", "true", "[]", new string('q', 5000),
    ];

    /// <summary>Purposes the API must refuse: over the documented 200 characters, or with control characters once decoded.</summary>
    private static readonly string[] HostilePurposes = [new string('p', 201), new string('p', 10_000), "%00", "a%0D%0Ab", "%07", "%E2%80%AE%00"];

    /// <summary>Purposes that are odd but may be recorded as stated (broken escapes stay as sent): sent with reads only.</summary>
    private static readonly string[] OddPurposes = ["%", "%E7%AA", "%FF", "%2525", "%E2%80%AE"];

    private static readonly (string Name, string Body)[] HostileBodies =
    [
        ("empty body", ""), ("JSON null", "null"), ("JSON array", "[]"), ("JSON string", "\"x\""), ("JSON number", "42"), ("JSON true", "true"),
        ("unclosed object", "{"), ("single quotes", "{'a':'b'}"), ("XML", "<request/>"), ("NaN", "NaN"), ("control characters", "\u0001\u0002"),
        ("nested objects 200 deep", string.Concat(Enumerable.Repeat("{\"a\":", 200)) + "1" + new string('}', 200)),
        ("nested arrays 5000 deep", new string('[', 5000) + new string(']', 5000)),
        ("2 MB of whitespace", "{" + new string(' ', 2 * 1024 * 1024) + "}"),
    ];

    private static readonly string[] WrongContentTypes =
    [
        "text/plain", "application/xml", FormMediaType, "multipart/form-data; boundary=x", "application/json; charset=utf-16",
        "application/json-patch+json", "application/octet-stream", "*/*", "application/jsonx",
    ];

    private readonly Random _random = new(seed);

    /// <summary>Every operation's variants, as groups: the requests of a group are sent in order (a key, then its replays).</summary>
    public IReadOnlyList<IReadOnlyList<HostileRequest>> Generate()
    {
        var groups = new List<IReadOnlyList<HostileRequest>>();
        foreach (var operation in Operations())
        {
            if (!valid.TryGetValue(operation.Id, out var request))
            {
                throw new InvalidOperationException($"No valid request for {operation.Id}: add one to the hostile-input test.");
            }

            var single = new List<HostileRequest>();
            single.AddRange(PathVariants(operation, request));
            single.AddRange(QueryVariants(operation, request));
            single.AddRange(BodyVariants(operation, request));
            single.AddRange(HeaderVariants(operation, request));
            single.AddRange(AuthVariants(operation, request));
            single.AddRange(MethodVariants(operation, request));
            groups.AddRange(single.Select(r => (IReadOnlyList<HostileRequest>)[r]));
            if (operation.TakesIdempotencyKey && ReplayedKeys(operation, request) is { Count: > 0 } replays)
            {
                groups.Add(replays);
            }
        }

        return groups;
    }

    /// <summary>An operation as the document describes it.</summary>
    private sealed record Operation(string Id, string Method, string Template, JsonElement Node, JsonElement? BodySchema, string? BodyMediaType)
    {
        /// <summary>Whether the route refuses a request without a body (otherwise an empty body or JSON null is a valid one).</summary>
        public bool BodyRequired => Node.TryGetProperty("requestBody", out var body) && body.TryGetProperty("required", out var required) && required.GetBoolean();

        public bool TakesIdempotencyKey => Node.TryGetProperty("parameters", out var parameters)
            && parameters.EnumerateArray().Any(p => p.GetProperty("name").GetString() == IdempotencyHeader);

        public IEnumerable<JsonElement> Parameters(string location) => Node.TryGetProperty("parameters", out var parameters)
            ? parameters.EnumerateArray().Where(p => p.GetProperty("in").GetString() == location)
            : [];
    }

    private IEnumerable<Operation> Operations()
    {
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var method in path.Value.EnumerateObject().Where(m => m.Name is "get" or "post" or "put" or "patch" or "delete"))
            {
                JsonElement? schema = null;
                string? mediaType = null;
                if (method.Value.TryGetProperty("requestBody", out var body))
                {
                    var content = body.GetProperty("content").EnumerateObject().First();
                    mediaType = content.Name;
                    schema = content.Value.TryGetProperty("schema", out var s) ? s : null;
                }

                yield return new Operation(method.Value.GetProperty("operationId").GetString()!, method.Name.ToUpperInvariant(), path.Name, method.Value, schema, mediaType);
            }
        }
    }

    private IEnumerable<HostileRequest> PathVariants(Operation operation, ValidRequest request)
    {
        var (path, query) = Split(request.Url);
        var templateSegments = operation.Template.Split('/');
        var segments = path.Split('/');
        for (var i = 0; i < templateSegments.Length; i++)
        {
            if (!templateSegments[i].StartsWith('{'))
            {
                continue;
            }

            var validValue = Uri.UnescapeDataString(segments[i]);
            var values = HostilePathValues.Concat(Near(validValue)).Append(RandomGuid().ToString("D")).Append(_random.NextInt64().ToString(CultureInfo.InvariantCulture));
            foreach (var value in values.Distinct().Where(v => v != validValue))
            {
                var replaced = (string[])segments.Clone();
                replaced[i] = value.StartsWith('%') ? value : Uri.EscapeDataString(value); // %-sequences go as they are
                var url = string.Join('/', replaced) + query;
                var variant = $"path {templateSegments[i]} = {Show(value)}";
                foreach (var caller in Callers(request.Caller))
                {
                    yield return WithBody(operation, request, new HostileRequest(operation.Id, variant, operation.Method, url, caller));
                }
            }
        }
    }

    private IEnumerable<HostileRequest> QueryVariants(Operation operation, ValidRequest request)
    {
        var (path, query) = Split(request.Url);
        var validQuery = ParseQuery(query);
        foreach (var parameter in operation.Parameters("query"))
        {
            var name = parameter.GetProperty("name").GetString()!;
            var schema = Resolve(parameter.TryGetProperty("schema", out var s) ? s : default);
            var values = HostileQueryValues.Concat(Limits(schema).Select(l => l.ToString(CultureInfo.InvariantCulture)));
            foreach (var value in values.Distinct())
            {
                var url = path + Query(new Dictionary<string, string>(validQuery) { [name] = value });
                foreach (var caller in Callers(request.Caller))
                {
                    yield return WithBody(operation, request, new HostileRequest(operation.Id, $"query {name} = {Show(value)}", operation.Method, url, caller));
                }
            }

            yield return WithBody(operation, request, new HostileRequest(operation.Id, $"query {name} missing", operation.Method,
                path + Query(validQuery.Where(p => p.Key != name).ToDictionary()), request.Caller));
            yield return WithBody(operation, request, new HostileRequest(operation.Id, $"query {name} twice", operation.Method,
                path + Query(validQuery) + (validQuery.Count == 0 ? "?" : "&") + $"{name}=1&{name}=2", request.Caller));
        }

        if (operation.Method == "GET")
        {
            // Ignored, as HTTP has it: only a read may carry one, a POST with a valid body would be accepted.
            yield return new HostileRequest(operation.Id, "unknown query parameter", operation.Method,
                path + Query(new Dictionary<string, string>(validQuery) { ["__proto__"] = "1" }), request.Caller);
        }
    }

    private IEnumerable<HostileRequest> BodyVariants(Operation operation, ValidRequest request)
    {
        if (operation.BodySchema is not { } schema || request.Body is null)
        {
            yield break;
        }

        var send = new HostileRequest(operation.Id, "", operation.Method, request.Url, request.Caller);
        if (operation.BodyMediaType == FormMediaType)
        {
            foreach (var (variant, body, contentType) in FormVariants(schema, request.Body))
            {
                yield return send with { Variant = variant, Body = body, ContentType = contentType };
            }

            yield break;
        }

        foreach (var (variant, body) in JsonFieldVariants(schema, request.Body, ""))
        {
            yield return Json(operation, send with { Variant = variant }, body);
        }

        var validJson = request.Body.ToJsonString();
        foreach (var (name, body) in HostileBodies.Where(b => operation.BodyRequired || b.Body is not ("" or "null")))
        {
            yield return Json(operation, send with { Variant = $"body: {name}" }, body);
        }

        yield return Json(operation, send with { Variant = "body: truncated in the middle" }, validJson[..(validJson.Length / 2)]);
        yield return Json(operation, send with { Variant = "body: without its closing brace" }, validJson[..^1]);
        yield return Json(operation, send with { Variant = "body: trailing garbage" }, validJson + "x");
        yield return Json(operation, send with { Variant = "body: two objects" }, validJson + validJson);
        yield return Json(operation, send with { Variant = "body: trailing comma" }, validJson[..^1] + ",}");
        yield return Json(operation, send with { Variant = "body: a comment" }, "/* hostile */" + validJson);
        yield return Json(operation, send with { Variant = "body: wrapped in an array" }, $"[{validJson}]");
        yield return Json(operation, send with { Variant = "body: unknown field" }, With(request.Body, "hostileUnknown", "1"));
        yield return Json(operation, send with { Variant = "body: unknown field holding 1 MB" }, With(request.Body, "hostileUnknown", JsonSerializer.Serialize(new string('u', 1024 * 1024))));
        foreach (var property in request.Body.Select(p => p.Key).Take(2))
        {
            // Duplicate names: the second is wrong, so a parser that keeps either one must still refuse the body.
            yield return Json(operation, send with { Variant = $"body: {property} twice, second of the wrong type" }, validJson[..^1] + (request.Body.Count > 0 ? "," : "") + $"\"{property}\":[[]]}}");
        }

        foreach (var contentType in WrongContentTypes)
        {
            var body = contentType == FormMediaType ? string.Join('&', request.Body.Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value?.ToString() ?? "")}")) : validJson;
            yield return WithBody(operation, request, send) with { Variant = $"content type {contentType}", Body = body, ContentType = contentType };
        }

        yield return WithBody(operation, request, send) with { Variant = "no content type", ContentType = null };
    }

    /// <summary>A form route (the token route): each field missing, empty, huge or odd, and the form sent otherwise.</summary>
    private IEnumerable<(string Variant, string Body, string ContentType)> FormVariants(JsonElement schema, JsonObject validForm)
    {
        var fields = validForm.ToDictionary(p => p.Key, p => p.Value!.ToString());
        foreach (var name in fields.Keys.Concat(Properties(schema).Select(p => p.Name)).Distinct())
        {
            yield return ($"form {name} missing", FormText(fields.Where(f => f.Key != name).ToDictionary()), FormMediaType);
            foreach (var value in new[] { "", " ", "%00", new string('f', 10_000), "张三", "' OR '1'='1", "cs-440300-" + new string('a', 40), "@440300", "a@", "@" })
            {
                yield return ($"form {name} = {Show(value)}", FormText(new Dictionary<string, string>(fields) { [name] = value }), FormMediaType);
            }
        }

        yield return ("form with an unknown field", FormText(new Dictionary<string, string>(fields) { ["scope"] = "admin" }), FormMediaType);
        yield return ("form fields twice", FormText(fields) + "&" + FormText(fields), FormMediaType);
        yield return ("form of 2 MB", FormText(fields) + "&pad=" + new string('p', 2 * 1024 * 1024), FormMediaType);
        yield return ("form with broken escapes", "grant_type=%&username=%E7%AA&password=%ZZ", FormMediaType);
        yield return ("form sent as JSON", JsonSerializer.Serialize(fields), "application/json");
        yield return ("form sent as text", FormText(fields), "text/plain");
        yield return ("form sent as multipart", FormText(fields), "multipart/form-data; boundary=x");
    }

    /// <summary>The valid body with one field broken at a time, following the schema into nested objects and arrays.</summary>
    private IEnumerable<(string Variant, string Body)> JsonFieldVariants(JsonElement schema, JsonObject validBody, string prefix)
    {
        var resolved = Resolve(schema);
        foreach (var (name, propertySchema, required) in Properties(resolved))
        {
            var field = prefix + name;
            if (required)
            {
                var without = (JsonObject)validBody.DeepClone();
                without.Remove(name);
                yield return ($"body {field} missing", without.ToJsonString());
            }

            var validValue = validBody[name];
            foreach (var (what, raw) in ValueVariants(propertySchema, validValue, required))
            {
                yield return ($"body {field} = {what}", With(validBody, name, raw));
            }

            var property = Resolve(propertySchema);
            if (Types(property).Contains("object") && validValue is JsonObject nested)
            {
                foreach (var (variant, body) in JsonFieldVariants(property, nested, field + "."))
                {
                    yield return (variant, With(validBody, name, body));
                }
            }

            if (Types(property).Contains("array") && validValue is JsonArray { Count: > 0 } array && property.TryGetProperty("items", out var items))
            {
                if (array[0] is JsonObject first)
                {
                    foreach (var (variant, element) in JsonFieldVariants(items, first, field + "[0]."))
                    {
                        yield return (variant, With(validBody, name, $"[{element}]"));
                    }
                }

                yield return ($"body {field} = 5000 copies of its element", With(validBody, name, "[" + string.Join(',', Enumerable.Repeat(array[0]!.ToJsonString(), 5000)) + "]"));
                yield return ($"body {field} = [null]", With(validBody, name, "[null]"));
                yield return ($"body {field} = [1]", With(validBody, name, "[1]"));
                yield return ($"body {field} = [\"x\"]", With(validBody, name, "[\"x\"]"));
            }
        }
    }

    /// <summary>Values that are wrong for a property of <paramref name="schema"/>: each as raw JSON text.</summary>
    private IEnumerable<(string What, string Raw)> ValueVariants(JsonElement schema, JsonNode? validValue, bool required)
    {
        var resolved = Resolve(schema);
        var types = Types(resolved);
        var nullable = types.Contains("null") || IsNullableUnion(schema);
        if (required || !nullable)
        {
            yield return ("null", "null");
        }

        if (!types.Contains("string"))
        {
            yield return ("a string", "\"x\"");
            yield return ("a numeric string", "\"1\"");
        }

        if (!types.Contains("integer") && !types.Contains("number"))
        {
            yield return ("a number", "12345");
        }

        if (!types.Contains("boolean"))
        {
            yield return ("true", "true");
        }

        if (!types.Contains("object"))
        {
            yield return ("an object", "{\"value\":1}");
        }

        if (!types.Contains("array"))
        {
            yield return ("an array", "[1]");
        }

        if (types.Contains("string"))
        {
            var text = validValue?.GetValueKind() == JsonValueKind.String ? validValue.GetValue<string>() : "x";
            if (resolved.TryGetProperty("maxLength", out var maxLength))
            {
                yield return ($"maxLength+1 ({maxLength.GetInt32() + 1} chars)", JsonSerializer.Serialize(new string('x', maxLength.GetInt32() + 1)));
            }

            yield return ("100 000 characters", JsonSerializer.Serialize(new string('x', 100_000)));
            yield return ("its value with a NUL", JsonSerializer.Serialize(text + "\u0000"));
            yield return ("a lone surrogate", "\"\\ud800\"");
            yield return ("its value with an escape character", JsonSerializer.Serialize(text + "\u001B[2J"));
            var constrained = resolved.TryGetProperty("format", out _) || resolved.TryGetProperty("pattern", out _) || resolved.TryGetProperty("enum", out _);
            if (required || constrained || (resolved.TryGetProperty("minLength", out var minLength) && minLength.GetInt32() > 0))
            {
                yield return ("an empty string", "\"\"");
                yield return ("blanks", "\"   \"");
            }

            if (constrained || text.All(char.IsAsciiDigit))
            {
                // A code, date or id: look-alikes that must not pass for it.
                yield return ("its value in full-width digits", JsonSerializer.Serialize(FullWidth(text)));
                yield return ("its value with a zero-width space", JsonSerializer.Serialize(text + "\u200B"));
                yield return ("its value with a right-to-left override", JsonSerializer.Serialize("\u202E" + text));
                yield return ("its value padded with spaces", JsonSerializer.Serialize($" {text} "));
                yield return ("its value with a line break", JsonSerializer.Serialize(text + "\n")); // free text may hold one
                yield return ("' OR '1'='1", "\"' OR '1'='1\"");
            }

            if (resolved.TryGetProperty("format", out var format) && format.GetString() is "date" or "date-time")
            {
                foreach (var date in new[] { "2026-02-30", "2026-13-01", "0000-01-01", "yesterday", "01/02/2026", "2026-1-1" })
                {
                    yield return (date, JsonSerializer.Serialize(date));
                }
            }

            if (resolved.TryGetProperty("enum", out _))
            {
                yield return ("not one of its values", "\"no-such-value\"");
            }
        }

        if (types.Contains("integer") || types.Contains("number"))
        {
            foreach (var limit in Limits(resolved))
            {
                yield return ($"{limit} (outside its documented range)", limit.ToString(CultureInfo.InvariantCulture));
            }

            if (types.Contains("integer"))
            {
                yield return ("1.5", "1.5");
                if (resolved.TryGetProperty("format", out var format) && format.GetString() == "int32" && !resolved.TryGetProperty("maximum", out _))
                {
                    yield return ("int32 max+1", "2147483648");
                    yield return ("int32 min-1", "-2147483649");
                }
            }

            yield return ("int64 max+1", "9223372036854775808");
            yield return ("int64 min-1", "-9223372036854775809");
            yield return ("1e400", "1e400");
            yield return ("-1e400", "-1e400");
            yield return ("a number of 1000 digits", new string('9', 1000));
        }

        if (types.Contains("boolean"))
        {
            yield return ("\"true\"", "\"true\"");
            yield return ("1", "1");
        }
    }

    private IEnumerable<HostileRequest> HeaderVariants(Operation operation, ValidRequest request)
    {
        var send = WithBody(operation, request, new HostileRequest(operation.Id, "", operation.Method, request.Url, request.Caller));
        foreach (var purpose in operation.Method == "GET" ? HostilePurposes.Concat(OddPurposes) : HostilePurposes)
        {
            yield return send with { Variant = $"{PurposeHeader} = {Show(purpose)}", Headers = [.. send.Headers, new(PurposeHeader, purpose)] };
        }

        if (operation.Method == "GET")
        {
            yield return send with { Variant = $"{PurposeHeader} twice", Headers = [.. send.Headers, new(PurposeHeader, "a"), new(PurposeHeader, "b")] };
        }

        if (!operation.TakesIdempotencyKey)
        {
            yield break;
        }

        var others = send.Headers.Where(h => h.Key != IdempotencyHeader).ToList();
        yield return send with { Variant = $"no {IdempotencyHeader}", Headers = others };
        var key = Key();
        foreach (var value in new[] { "", "   ", "\"\"", new string('k', 101), new string('k', 5000), "a b", "k\u007F", "k\tk" })
        {
            yield return send with { Variant = $"{IdempotencyHeader} = {Show(value)}", Headers = [.. others, new(IdempotencyHeader, value)] };
        }

        yield return send with { Variant = $"{IdempotencyHeader} twice, same value", Headers = [.. others, new(IdempotencyHeader, key), new(IdempotencyHeader, key)] };
        yield return send with { Variant = $"{IdempotencyHeader} twice, two values", Headers = [.. others, new(IdempotencyHeader, Key()), new(IdempotencyHeader, Key())] };
        yield return send with { Variant = $"{IdempotencyHeader} as a list", Headers = [.. others, new(IdempotencyHeader, $"{Key()}, {Key()}")] };
    }

    /// <summary>
    /// A key first used with a refused request (a body that is no valid one, or a malformed route value for a route without
    /// a body), then again with another body, then again as first sent: each refused, none executed.
    /// </summary>
    private IReadOnlyList<HostileRequest> ReplayedKeys(Operation operation, ValidRequest request)
    {
        var url = request.Url;
        var body = "{}";
        if (operation.BodySchema is null)
        {
            var segments = url.Split('/');
            var parameter = Array.FindIndex(operation.Template.Split('/'), s => s.StartsWith('{'));
            if (parameter < 0)
            {
                return [];
            }

            segments[parameter] = "x";
            url = string.Join('/', segments);
        }
        else if (request.Body is not { Count: > 0 })
        {
            body = "[]";
        }

        var first = new HostileRequest(operation.Id, "replayed key: first use, refused", operation.Method, url, request.Caller)
        {
            Body = body,
            ContentType = "application/json",
            Headers = [new(IdempotencyHeader, Key())],
        };
        return
        [
            first,
            first with { Variant = "replayed key: same key, another body", Body = "{\"hostileUnknown\":1}" },
            first with { Variant = "replayed key: same key and request again" },
        ];
    }

    private IEnumerable<HostileRequest> AuthVariants(Operation operation, ValidRequest request)
    {
        if (!operation.Node.TryGetProperty("security", out _))
        {
            yield break; // anonymous by design (the token route)
        }

        var send = WithBody(operation, request, new HostileRequest(operation.Id, "", operation.Method, request.Url, request.Caller));
        yield return send with { Variant = "no token", Caller = HostileCaller.Anonymous };
        foreach (var header in new[] { "Bearer", "Bearer ", "Bearer x", "Bearer a.b.c", "Bearer ....", "Basic dXNlcjpwYXNz", "Negotiate x", "Bearer " + new string('t', 8000) })
        {
            yield return send with { Variant = $"Authorization {Show(header)}", Authorization = header };
        }

        foreach (var (name, header) in forgedAuthorizations)
        {
            yield return send with { Variant = $"token: {name}", Authorization = header };
        }

        yield return send with { Variant = "token of another province's city", Caller = HostileCaller.ForeignCity };
        if (request.Caller is HostileCaller.Supervisor or HostileCaller.Clerk)
        {
            yield return send with { Variant = "city-system token on a staff route", Caller = HostileCaller.CitySystem };
        }

        if (request.Caller == HostileCaller.Supervisor)
        {
            yield return send with { Variant = "clerk token on a supervisor route", Caller = HostileCaller.Clerk };
        }
    }

    private static IEnumerable<HostileRequest> MethodVariants(Operation operation, ValidRequest request)
    {
        foreach (var method in new[] { "PUT", "PATCH", "DELETE" })
        {
            yield return new HostileRequest(operation.Id, $"method {method}", method, request.Url, request.Caller)
            {
                Body = request.Body?.ToJsonString() ?? "{}",
                ContentType = "application/json",
                Headers = [new(IdempotencyHeader, $"hostile-{method}")],
            };
        }
    }

    /// <summary>The variant with the route's valid body and a fresh key, so that only the one broken thing is wrong.</summary>
    private HostileRequest WithBody(Operation operation, ValidRequest request, HostileRequest variant)
    {
        if (operation.Method != "POST")
        {
            return variant;
        }

        var form = operation.BodyMediaType == FormMediaType;
        var body = request.Body is null ? null : form ? FormText(request.Body.ToDictionary(p => p.Key, p => p.Value!.ToString())) : request.Body.ToJsonString();
        return variant with
        {
            Body = body,
            ContentType = body is null ? null : form ? FormMediaType : "application/json",
            Headers = operation.TakesIdempotencyKey ? [new(IdempotencyHeader, Key())] : [],
        };
    }

    /// <summary>The request with <paramref name="body"/> as JSON and a key of its own.</summary>
    private HostileRequest Json(Operation operation, HostileRequest request, string body) => request with
    {
        Body = body,
        ContentType = "application/json",
        Headers = operation.TakesIdempotencyKey ? [new(IdempotencyHeader, Key())] : [],
    };

    /// <summary>Besides the admitted caller, the same variant from a clerk and from another province's city system.</summary>
    private static IEnumerable<HostileCaller> Callers(HostileCaller admitted) => new[] { admitted, HostileCaller.Clerk, HostileCaller.ForeignCity }.Distinct();

    private string Key() => $"hostile-{_random.NextInt64():x16}";

    private Guid RandomGuid()
    {
        var bytes = new byte[16];
        _random.NextBytes(bytes);
        return new Guid(bytes);
    }

    /// <summary>Near misses of a valid path value: one character more or less, another case, full-width, padded.</summary>
    private static IEnumerable<string> Near(string value)
    {
        yield return value + "0";
        yield return value + " ";
        yield return " " + value;
        if (value.Length > 1)
        {
            yield return value[..^1];
        }

        // Not where case carries no meaning: a GUID in capitals is the same GUID, a citizen id's check character x is X.
        if (!Guid.TryParse(value, out _) && !value.All(c => char.IsAsciiDigit(c) || c is 'x' or 'X'))
        {
            yield return value.ToUpperInvariant();
            yield return value.ToLowerInvariant();
        }

        yield return FullWidth(value);
        yield return value + "\u0000";
        yield return value + "/";
        yield return value + "%2F..";
    }

    /// <summary>Just outside a documented range, and far outside it.</summary>
    private static IEnumerable<decimal> Limits(JsonElement schema)
    {
        if (schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("minimum", out var minimum) && minimum.TryGetDecimal(out var min))
        {
            yield return min - 1;
            yield return min - 1_000_000_000_000m;
        }

        if (schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("maximum", out var maximum) && maximum.TryGetDecimal(out var max))
        {
            yield return max + 1;
            yield return max + 1_000_000_000_000m;
        }
    }

    private IEnumerable<(string Name, JsonElement Schema, bool Required)> Properties(JsonElement schema)
    {
        var resolved = Resolve(schema);
        if (resolved.ValueKind != JsonValueKind.Object || !resolved.TryGetProperty("properties", out var properties))
        {
            yield break;
        }

        var required = resolved.TryGetProperty("required", out var list) ? list.EnumerateArray().Select(r => r.GetString()).ToHashSet() : [];
        foreach (var property in properties.EnumerateObject())
        {
            yield return (property.Name, property.Value, required.Contains(property.Name));
        }
    }

    /// <summary>The schema itself: a <c>$ref</c> followed, and of "null or X" the X.</summary>
    private JsonElement Resolve(JsonElement schema)
    {
        if (schema.ValueKind != JsonValueKind.Object)
        {
            return schema;
        }

        if (schema.TryGetProperty("$ref", out var reference))
        {
            return Resolve(ResolveReference(reference.GetString()!));
        }

        foreach (var union in new[] { "oneOf", "anyOf", "allOf" })
        {
            if (schema.TryGetProperty(union, out var branches))
            {
                var nonNull = branches.EnumerateArray().Where(b => !Types(b).SequenceEqual(["null"])).ToList();
                if (nonNull.Count == 1)
                {
                    return Resolve(nonNull[0]);
                }
            }
        }

        return schema;
    }

    private static bool IsNullableUnion(JsonElement schema) =>
        schema.ValueKind == JsonValueKind.Object
        && new[] { "oneOf", "anyOf" }.Any(u => schema.TryGetProperty(u, out var branches) && branches.EnumerateArray().Any(b => Types(b).SequenceEqual(["null"])));

    private static List<string> Types(JsonElement schema)
    {
        if (schema.ValueKind != JsonValueKind.Object || !schema.TryGetProperty("type", out var type))
        {
            return schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("properties", out _) ? ["object"] : [];
        }

        return type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()!).ToList() : [type.GetString()!];
    }

    private JsonElement ResolveReference(string reference)
    {
        var node = document;
        foreach (var part in reference.TrimStart('#', '/').Split('/'))
        {
            node = node.GetProperty(part.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal));
        }

        return node;
    }

    private static string With(JsonObject body, string name, string rawValue)
    {
        var placeholder = $"\u0001{Guid.NewGuid():N}";
        var copy = (JsonObject)body.DeepClone();
        copy[name] = placeholder;
        return copy.ToJsonString().Replace(JsonSerializer.Serialize(placeholder), rawValue, StringComparison.Ordinal);
    }

    private static (string Path, string Query) Split(string url) => url.IndexOf('?') is var at and >= 0 ? (url[..at], url[at..]) : (url, "");

    private static Dictionary<string, string> ParseQuery(string query) => query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
        .Select(p => p.Split('=', 2)).ToDictionary(p => Uri.UnescapeDataString(p[0]), p => p.Length > 1 ? Uri.UnescapeDataString(p[1]) : "");

    private static string Query(Dictionary<string, string> parameters) => parameters.Count == 0 ? ""
        : "?" + string.Join('&', parameters.Select(p => $"{Uri.EscapeDataString(p.Key)}={(p.Value.StartsWith('%') ? p.Value : Uri.EscapeDataString(p.Value))}"));

    private static string FormText(IReadOnlyDictionary<string, string> form) =>
        string.Join('&', form.Select(f => $"{Uri.EscapeDataString(f.Key)}={(f.Value.StartsWith('%') ? f.Value : Uri.EscapeDataString(f.Value))}"));

    private static string FullWidth(string text) => new(text.Select(c => c is >= '!' and <= '~' ? (char)(c - '!' + '！') : c).ToArray());

    private static string Show(string value) => HostileRequest.Shorten(JsonSerializer.Serialize(value), 40);
}
