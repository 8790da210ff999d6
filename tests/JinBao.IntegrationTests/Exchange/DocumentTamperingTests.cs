using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

using JinBao.Exchange;
using JinBao.Transfers;

using static JinBao.IntegrationTests.Exchange.CrossProvinceJourney;

namespace JinBao.IntegrationTests.Exchange;

/// <summary>Forged, altered, replayed and misrouted documents against the real endpoints (issue 5).</summary>
[Collection(ExchangeTopologyCollection.Name)]
public sealed class DocumentTamperingTests(ExchangeTopologyFixture fixture) : IDisposable
{
    private readonly HttpClient _http = new();

    private ExchangeTopology Topology => fixture.Topology;

    [Fact]
    public async Task AlteredOrForgedDocuments_AreRejectedAndAudited_ReplayedOnesChangeNothing()
    {
        var journey = new CrossProvinceJourney(Topology);
        await journey.InsureInShenzhenThenChengduAsync();
        await journey.ApplyInChengduAsync();
        await WaitForAsync(journey.TransferInGuangdong, TransferStatus.ContactLetterIssued);
        await journey.TransferInGuangdong.ApproveAsync(new TransferDecision(Shenzhen, "no arrears", ShenzhenClerk));
        await WaitForAsync(journey.TransferInGuangdong, TransferStatus.Completed);
        var key = journey.Transfer.ToString();
        var certificate = await SentAsync(Topology.Guangdong, DocumentTypes.CertificateAndFunds, key);
        var ledgerBefore = await LedgerRowsAsync();

        // Altered: the certificate (which national also clears) carries twice the individual account, under the original signature.
        var payload = JsonNode.Parse(certificate.Payload)!;
        payload["certificate"]!["individualAccount"]!["fen"] = payload["certificate"]!["individualAccount"]!["fen"]!.GetValue<long>() * 2;
        var altered = certificate with { Payload = payload.ToJsonString() };
        var alteredNewId = altered with { DocumentId = DocumentId.New() };
        // Forged: well formed and signed, but not with Guangdong's key.
        using var forger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var forged = Forge(certificate with { DocumentId = DocumentId.New() }, forger);

        foreach (var bad in new[] { altered, alteredNewId, forged })
        {
            using var response = await PostAsync(Topology.National, bad);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Contains("document-signature-invalid", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Equal(1L, await LongAsync(Topology.National.ConnectionString, """
                SELECT count(*) FROM jinbao_events
                WHERE stream = @s AND type = 'document-rejected' AND payload->>'code' = 'document-signature-invalid' AND payload->>'claimedSender' = 'prov-440000'
                """, ("s", $"exchange:{bad.DocumentId}")));                                         // audited, once per attempt
        }

        Assert.Equal(0L, await LongAsync(Topology.National.ConnectionString,
            "SELECT count(*) FROM jinbao_inbox WHERE document_id IN (@a, @b)", ("a", alteredNewId.DocumentId.Value), ("b", forged.DocumentId.Value)));
        Assert.Equal(certificate.Payload, (await StoredAsync(Topology.National, certificate.DocumentId)).Payload); // the stored original is untouched

        // A body that is no document at all.
        using (var garbage = await _http.PostAsync($"http://127.0.0.1:{Topology.National.Silos[0].HttpPort}/exchange/v1/documents",
            new StringContent("{\"documentId\":42}", Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, garbage.StatusCode);
        }

        // Replayed: the genuine documents again, to the exchange and straight to Sichuan: accepted, and nothing happens.
        foreach (var (cluster, document) in new[] { (Topology.National, certificate), (Topology.Sichuan, certificate) })
        {
            using var response = await PostAsync(cluster, document);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            Assert.Contains("document-replayed", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // And redelivered by the relay itself, as after a lost acknowledgement, or a handoff lost with its silo: the rows
        // are still leased for two seconds as if just written, then a poll claims each once.
        await Sql.ExecuteAsync(Topology.Guangdong.ConnectionString,
            "UPDATE jinbao_outbox SET delivered_at = NULL, attempts = 0, next_attempt_at = now() + interval '2 seconds' WHERE document_id = @d",
            ("d", certificate.DocumentId.Value));
        Assert.True(await Retry.UntilAsync(async () => await LongAsync(Topology.Guangdong.ConnectionString,
            "SELECT count(*) FROM jinbao_outbox WHERE delivered_at IS NULL") == 0, TimeSpan.FromSeconds(30)));
        Assert.Equal(1L, await LongAsync(Topology.Guangdong.ConnectionString,
            "SELECT count(*) FROM jinbao_outbox WHERE document_id = @d AND attempts = 1", ("d", certificate.DocumentId.Value)));

        Assert.Equal(ledgerBefore, await LedgerRowsAsync());
        Assert.Equal(1L, await LongAsync(Topology.Sichuan.ConnectionString, "SELECT count(*) FROM jinbao_inbox WHERE document_id = @d", ("d", certificate.DocumentId.Value)));
        Assert.Equal(1L, await LongAsync(Topology.Sichuan.ConnectionString,
            "SELECT count(*) FROM jinbao_events WHERE stream = @s AND type = 'relationship-merged'", ("s", $"person:{journey.Person.Value}")));
        Assert.Single((await journey.TransferInSichuan.GetAsync()).Timeline, s => s.Status == TransferStatus.Completed);

        // Misrouted: a document for Sichuan sent to Guangdong.
        using var misrouted = await PostAsync(Topology.Guangdong, certificate);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, misrouted.StatusCode);
    }

    [Fact]
    public async Task ARequestCutShortBySenderGoingAway_IsNoRejectedDocument_AWholeBodyThatIsNoDocumentStillIs()
    {
        const string Rejected = "SELECT count(*) FROM jinbao_events WHERE type = 'document-rejected'";
        var before = await LongAsync(Topology.National.ConnectionString, Rejected);

        // A sender that timed out: the headers promise 4,000 bytes, a few arrive, then it closes its side.
        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, Topology.National.Silos[0].HttpPort);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            "POST /exchange/v1/documents HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 4000\r\n\r\n{\"documentId\":\""));
        await Task.Delay(500); // the silo is reading the body when the sender gives up
        client.Client.Shutdown(System.Net.Sockets.SocketShutdown.Send);
        try
        {
            using var reader = new StreamReader(stream);
            await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(30)); // until the silo is done with the connection
        }
        catch (IOException)
        {
            // or it resets it: either way nobody reads an answer to a request its sender gave up on
        }

        // The same bytes as a whole body: no document, refused and audited as before.
        using (var whole = await _http.PostAsync($"http://127.0.0.1:{Topology.National.Silos[0].HttpPort}/exchange/v1/documents",
            new StringContent("{\"documentId\":\"", Encoding.UTF8, "application/json")))
        {
            Assert.Contains("document-malformed", await whole.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        await Task.Delay(1000); // an audit row of the cut-short request, were one written, has been by now
        Assert.Equal(before + 1, await LongAsync(Topology.National.ConnectionString, Rejected));
    }

    public void Dispose() => _http.Dispose();

    private async Task<(long Rows, long Sum)[]> LedgerRowsAsync() => await Task.WhenAll(Topology.All.Select(async c =>
        (await LongAsync(c.ConnectionString, "SELECT count(*) FROM jinbao_ledger_entries"),
         await LongAsync(c.ConnectionString, "SELECT coalesce(sum(abs(amount_fen)), 0) FROM jinbao_ledger_entries"))));

    private Task<HttpResponseMessage> PostAsync(TopologyCluster cluster, ExchangeDocument document) =>
        _http.PostAsJsonAsync($"http://127.0.0.1:{cluster.Silos[0].HttpPort}/exchange/v1/documents", document, ExchangeJson.Wire);

    private static async Task<ExchangeDocument> SentAsync(TopologyCluster cluster, string type, string transferKey) =>
        JsonSerializer.Deserialize<ExchangeDocument>(Assert.Single(await Sql.StringsAsync(cluster.ConnectionString,
            "SELECT document FROM jinbao_outbox WHERE type = @t AND document LIKE @k", ("t", type), ("k", $"%{transferKey}%"))), ExchangeJson.Wire)!;

    private static async Task<ExchangeDocument> StoredAsync(TopologyCluster cluster, DocumentId documentId) =>
        JsonSerializer.Deserialize<ExchangeDocument>(Assert.Single(await Sql.StringsAsync(cluster.ConnectionString,
            "SELECT document FROM jinbao_inbox WHERE document_id = @d", ("d", documentId.Value))), ExchangeJson.Wire)!;

    private static ExchangeDocument Forge(ExchangeDocument document, ECDsa key) => document with
    {
        Signature = Convert.ToBase64String(key.SignData(document.CanonicalBytes(), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation)),
    };
}
