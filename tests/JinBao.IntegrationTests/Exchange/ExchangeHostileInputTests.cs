using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

using JinBao.Exchange;
using JinBao.Primitives;

namespace JinBao.IntegrationTests.Exchange;

/// <summary>
/// Issue 17, the exchange part: tampered, forged, replayed, truncated, oversized and garbage documents against every
/// exchange endpoint of every silo of every cluster. None is answered 5xx, only a replay of a stored document is
/// accepted, every refusal the receiver decides is audited as <c>document-rejected</c>, and no other business row
/// changes anywhere.
/// </summary>
[Collection(ExchangeTopologyCollection.Name)]
public sealed class ExchangeHostileInputTests(ExchangeTopologyFixture fixture) : IDisposable
{
    private const string Rejections = "type = 'document-rejected'";
    private static readonly string[] Endpoints = ["exchange/v1/documents", "exchange/v1/index/claims", "exchange/v1/requests"];

    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(60) };

    private ExchangeTopology Topology => fixture.Topology;

    [Fact]
    public async Task HostileDocuments_AreNever5xx_RefusalsAreAudited_AndNoBusinessRowChanges()
    {
        // A genuine document, stored once before the run: signed by Guangdong for the national clearing, whose payload
        // national refuses when it processes it (so storing it is the only effect, and that happens now).
        var genuine = Sign(Topology.Guangdong.Key, new ExchangeDocument(DocumentId.New(), DocumentTypes.FundsClearing, "prov-440000", JinBaoCluster.NationalId,
            TestPeople.Next().Value, Guid.NewGuid().ToString("D"), "{}", DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()), ""));
        var national = Url(Topology.National, Endpoints[0]);
        var stored = await PostAsync(national, Wire(genuine), "application/json");
        Assert.True(stored.Status == 202, stored.Text);

        Assert.True(await Retry.UntilAsync(async () => await Sql.ScalarAsync<long>(Topology.National.ConnectionString,
            "SELECT count(*) FROM jinbao_inbox WHERE document_id = @d AND processed_at IS NOT NULL", ("d", genuine.DocumentId.Value)) == 1, TimeSpan.FromSeconds(30)));

        var requests = HostileRequests(genuine).ToList();
        Assert.True(requests.Count >= 5_000, $"only {requests.Count} requests generated");
        var before = await Task.WhenAll(Topology.All.Select(c => BusinessTables.QuietHashesAsync(c.ConnectionString, Rejections)));
        var rejectionsBefore = await RejectionsAsync();

        var answers = new ConcurrentBag<(string Variant, string Url, int Status, string Body, bool PassesReceiver)>();
        await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (request, _) =>
        {
            var answer = await PostAsync(request.Url, request.Body, request.ContentType);
            answers.Add((request.Variant, request.Url, answer.Status, answer.Text, request.PassesReceiver));
        });

        var after = await Task.WhenAll(Topology.All.Select(c => BusinessTables.QuietHashesAsync(c.ConnectionString, Rejections)));
        var findings = answers
            .Where(a => a.Status is 0 or >= 500 || (a.Status is >= 200 and < 300 && !a.Body.Contains("document-replayed", StringComparison.Ordinal)))
            .Select(a => $"{a.Status} {a.Variant} → {a.Url}: {Shorten(a.Body)}").Order().ToList();
        Assert.True(findings.Count == 0, $"{findings.Count} of {answers.Count} hostile documents were answered 5xx, not at all, or accepted:\n{string.Join('\n', findings)}");

        var changed = Topology.All.Select((c, i) => (c.Id, Tables: BusinessTables.Changed(before[i], after[i]))).Where(c => c.Tables.Count > 0).ToList();
        Assert.True(changed.Count == 0, $"Business tables changed: {string.Join("; ", changed.Select(c => $"{c.Id}: {string.Join(", ", c.Tables)}"))}");

        // Every refusal the receiver decided (a problem with a document-… code) left one audit row. A genuine request that
        // passed its checks is answered by the medical handler, whose refusals answer a sender, not reject a document.
        var decided = answers.Count(a => !a.PassesReceiver && a.Status is >= 400 and < 500 && a.Body.Contains("\"code\":\"document-", StringComparison.Ordinal));
        Assert.Equal(rejectionsBefore + decided, await RejectionsAsync());
    }

    public void Dispose() => _http.Dispose();

    /// <param name="PassesReceiver">Genuine (validly signed and routed), so what answers it is the handler behind the receiver.</param>
    private sealed record HostileDocument(string Variant, string Url, byte[] Body, string? ContentType, bool PassesReceiver);

    private IEnumerable<HostileDocument> HostileRequests(ExchangeDocument genuine)
    {
        var wire = Wire(genuine);
        using var stranger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var variants = new List<(string Variant, byte[] Body, string? ContentType, string? SignedType)>();
        void Add(string variant, string body, string? contentType = "application/json", string? signedType = null) =>
            variants.Add((variant, Encoding.UTF8.GetBytes(body), contentType, signedType));

        // Replayed: the stored document again, as it is and re-serialised with its fields in another order.
        Add("replayed", wire);
        Add("replayed, fields re-ordered", new JsonObject(JsonNode.Parse(wire)!.AsObject().Reverse().Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone()))).ToJsonString());

        // Tampered: each field changed under the original signature.
        foreach (var tampered in new (string, ExchangeDocument)[]
        {
            ("document id", genuine with { DocumentId = DocumentId.New() }),
            ("type", genuine with { Type = DocumentTypes.CertificateAndFunds }),
            ("sender", genuine with { Sender = "prov-510000" }),
            ("receiver", genuine with { Receiver = "prov-510000" }),
            ("citizen id", genuine with { CitizenId = TestPeople.Next().Value }),
            ("transfer id", genuine with { TransferId = Guid.NewGuid().ToString("D") }),
            ("no transfer id", genuine with { TransferId = null }),
            ("payload", genuine with { Payload = "{\"fen\":100000000}" }),
            ("payload whitespace", genuine with { Payload = "{ }" }),
            ("created at", genuine with { CreatedAt = genuine.CreatedAt.AddMilliseconds(1) }),
        })
        {
            Add($"tampered {tampered.Item1}", Wire(tampered.Item2));
        }

        // Signatures that are not Guangdong's over this content.
        var signature = Convert.FromBase64String(genuine.Signature);
        var flipped = (byte[])signature.Clone();
        flipped[10] ^= 0x01;
        foreach (var (name, value) in new[]
        {
            ("one bit flipped", Convert.ToBase64String(flipped)), ("empty", ""), ("not base64", "!!!!"), ("63 bytes", Convert.ToBase64String(signature[..63])),
            ("65 bytes", Convert.ToBase64String([.. signature, 0])), ("zeros", Convert.ToBase64String(new byte[64])),
            ("DER form", Convert.ToBase64String(Topology.Guangdong.Key.SignData(genuine.CanonicalBytes(), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence))),
            ("1 MB", new string('A', 1024 * 1024 - 1024)), ("base64url", genuine.Signature.Replace('+', '-').Replace('/', '_').TrimEnd('=')),
        })
        {
            Add($"signature {name}", Wire(genuine with { DocumentId = DocumentId.New(), Signature = value }));
        }

        for (var i = 0; i < signature.Length; i++)
        {
            var altered = (byte[])signature.Clone();
            altered[i] ^= 0x80;
            Add($"signature byte {i} altered", Wire(genuine with { Signature = Convert.ToBase64String(altered) }));
        }

        // Forged: well formed and signed, by a key no one configured, or claiming a sender no one knows.
        Add("forged by a stranger's key", Wire(Sign(stranger, genuine with { DocumentId = DocumentId.New() })));
        Add("forged, unknown sender", Wire(Sign(stranger, genuine with { DocumentId = DocumentId.New(), Sender = "prov-650000" })));
        Add("forged, sender national", Wire(Sign(stranger, genuine with { DocumentId = DocumentId.New(), Sender = JinBaoCluster.NationalId })));

        // Truncated: the genuine document cut short at 160 places.
        for (var cut = 0; cut < wire.Length; cut += Math.Max(1, wire.Length / 160))
        {
            Add($"truncated to {cut} bytes", wire[..cut]);
        }

        // Oversized: just over the 1 MB limit, and far over it.
        Add("oversized, 1 MB + 1", Wire(genuine with { Payload = new string(' ', (int)JinBao.Silo.Exchange.ExchangeEndpoints.MaxDocumentBytes) }));
        Add("oversized, 8 MB", "{\"documentId\":\"" + new string('x', 8 * 1024 * 1024) + "\"}");

        // Wrong content types, and none.
        foreach (var contentType in new[] { "text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json; charset=utf-16", "application/octet-stream" })
        {
            Add($"content type {contentType}", wire, contentType);
        }

        Add("no content type", wire, null);

        // Garbage: not JSON, JSON of another shape, fields missing, null or of the wrong type.
        foreach (var (name, body) in new[]
        {
            ("empty", ""), ("null", "null"), ("array", "[]"), ("string", "\"x\""), ("number", "42"), ("open brace", "{"), ("XML", "<document/>"),
            ("document id a number", "{\"documentId\":42}"), ("two documents", wire + wire), ("trailing garbage", wire + "x"), ("comment", "/*x*/" + wire),
            ("nested 200 deep", string.Concat(Enumerable.Repeat("{\"a\":", 200)) + "1" + new string('}', 200)), ("arrays 10000 deep", new string('[', 10_000) + new string(']', 10_000)),
        })
        {
            Add($"garbage: {name}", body);
        }

        variants.Add(("garbage: invalid UTF-8", [.. Encoding.UTF8.GetBytes(wire[..20]), 0xC3, 0x28, 0xFF, .. Encoding.UTF8.GetBytes(wire[20..])], "application/json", null));
        var fields = JsonNode.Parse(wire)!.AsObject();
        foreach (var field in fields.Select(p => p.Key).ToList())
        {
            var without = (JsonObject)fields.DeepClone();
            without.Remove(field);
            Add($"field {field} missing", without.ToJsonString());
            foreach (var (name, value) in new (string, JsonNode?)[] { ("null", null), ("a number", 42), ("an object", new JsonObject()), ("an array", new JsonArray()), ("true", true), ("100 000 characters", new string('x', 100_000)), ("a NUL", "\u0000"),
                ("empty", ""), ("blanks", "   "), ("a right-to-left override", "\u202E" + fields[field]), ("' OR '1'='1", "' OR '1'='1"), ("../../", "../../etc/passwd"), ("an emoji", "😀") })
            {
                var changed = (JsonObject)fields.DeepClone();
                changed[field] = value?.DeepClone();
                Add($"field {field} = {name}", changed.ToJsonString());
            }
        }

        foreach (var createdAt in new[] { "yesterday", "0000-00-00T00:00:00Z", "9999-12-31T23:59:59.9999999+14:00", "-1", "2026-02-30T00:00:00Z" })
        {
            var changed = (JsonObject)fields.DeepClone();
            changed["createdAt"] = createdAt;
            Add($"createdAt {createdAt}", changed.ToJsonString());
        }

        Add("unknown field", With(fields, "hostileUnknown", 1));

        // Validly signed by a province, but for another endpoint's purpose or with payloads that fit no type: what a
        // broken (not a forged) sender could send; synchronous endpoints must refuse them, the queue stores nothing new.
        foreach (var type in DocumentTypes.Requests.Append(DocumentTypes.ActiveClaim))
        {
            foreach (var payload in new[] { "{}", "null", "[]", "\"x\"", "{\"province\":\"999999\"}", "not json" })
            {
                var withoutPerson = DocumentTypes.WithoutPerson.Contains(type);
                var signed = Sign(Topology.Guangdong.Key, genuine with
                {
                    DocumentId = DocumentId.New(), Type = type, Receiver = JinBaoCluster.NationalId, Payload = payload,
                    CitizenId = withoutPerson ? "" : genuine.CitizenId, TransferId = null,
                });
                Add($"signed {type} with payload {payload}", Wire(signed), signedType: type);
            }
        }

        foreach (var silo in Topology.All.SelectMany(c => c.Silos))
        {
            foreach (var endpoint in Endpoints)
            {
                var url = $"http://127.0.0.1:{silo.HttpPort}/{endpoint}";
                foreach (var (variant, body, contentType, signedType) in variants)
                {
                    // Signed garbage to the queue would be stored (it is genuine); it is the synchronous endpoints' to refuse.
                    if (signedType is not null && endpoint == Endpoints[0])
                    {
                        continue;
                    }

                    var passesReceiver = signedType is not null && DocumentTypes.Requests.Contains(signedType) && endpoint == Endpoints[2];
                    yield return new HostileDocument(variant, url, body, contentType, passesReceiver);
                }
            }
        }
    }

    private async Task<Answer> PostAsync(string url, byte[] body, string? contentType)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        if (contentType is not null)
        {
            request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        // Large bodies ask first, as real senders do: a refusal of the size is then an answer, not a broken pipe.
        request.Headers.ExpectContinue = body.Length > 64 * 1024;
        try
        {
            using var response = await _http.SendAsync(request);
            return new Answer((int)response.StatusCode, await response.Content.ReadAsStringAsync());
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            return new Answer(0, $"no answer: {exception.GetType().Name}: {exception.Message}");
        }
    }

    private Task<Answer> PostAsync(string url, string body, string contentType) => PostAsync(url, Encoding.UTF8.GetBytes(body), contentType);

    private sealed record Answer(int Status, string Text);

    private async Task<long> RejectionsAsync()
    {
        var counts = await Task.WhenAll(Topology.All.Select(c => Sql.ScalarAsync<long>(c.ConnectionString, $"SELECT count(*) FROM jinbao_events WHERE {Rejections}")));
        return counts.Sum();
    }

    private static string Url(TopologyCluster cluster, string endpoint) => $"http://127.0.0.1:{cluster.Silos[0].HttpPort}/{endpoint}";

    private static string Wire(ExchangeDocument document) => JsonSerializer.Serialize(document, ExchangeJson.Wire);

    private static string With(JsonObject fields, string name, JsonNode value)
    {
        var changed = (JsonObject)fields.DeepClone();
        changed[name] = value;
        return changed.ToJsonString();
    }

    private static ExchangeDocument Sign(ECDsa key, ExchangeDocument document) => document with
    {
        Signature = Convert.ToBase64String(key.SignData(document.CanonicalBytes(), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation)),
    };

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
