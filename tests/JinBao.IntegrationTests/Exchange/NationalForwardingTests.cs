using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;

using JinBao.Exchange;
using JinBao.Pensions;
using JinBao.Primitives;
using JinBao.Transfers;

namespace JinBao.IntegrationTests.Exchange;

/// <summary>
/// National clears a transfer's funds from the certificate it forwards (issue 16: three documents per transfer, not
/// five). The forward and the unprocessed inbox row commit together, the clearing follows; a national silo that dies in
/// between leaves the row for the dispatcher, and the funds are cleared exactly once whatever arrives again.
/// </summary>
[Collection(ExchangeTopologyCollection.Name)]
public sealed class NationalForwardingTests(ExchangeTopologyFixture fixture) : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(60) };

    private ExchangeTopology Topology => fixture.Topology;

    [Fact]
    public async Task ACertificateForwardedByASiloThatDiedBeforeClearingIt_IsClearedByTheDispatcher_ExactlyOnce()
    {
        var transfer = TransferId.New();
        var person = TestPeople.Next();
        var certificate = Signed(DocumentTypes.CertificateAndFunds, "prov-510000", person, transfer, new CertificatePayload(
            new TransferCertificate(transfer, RegionCode.Parse("440300"), "440300", "510100", SegmentKind.Regular, [], Money.FromYuan(1_000), Money.FromYuan(2_000), true),
            "clerk:chen@440300"));

        // What the silo had committed when it died: the forwarded document stored unprocessed with its forward beside it
        // (which the relay has delivered: Sichuan's part is not this test's), nothing cleared yet.
        await Sql.ExecuteAsync(Topology.National.ConnectionString, """
            INSERT INTO jinbao_inbox (document_id, sender, receiver, type, document) VALUES (@d, 'prov-440000', 'prov-510000', @t, @j);
            INSERT INTO jinbao_outbox (document_id, receiver, type, document, attempts, delivered_at) VALUES (@d, 'prov-510000', @t, @j, 1, now());
            """, ("d", certificate.DocumentId.Value), ("t", certificate.Type), ("j", JsonSerializer.Serialize(certificate, ExchangeJson.Wire)));

        Assert.True(await Retry.UntilAsync(async () => await Sql.ScalarAsync<long>(Topology.National.ConnectionString,
            "SELECT count(*) FROM jinbao_inbox WHERE document_id = @d AND processed_at IS NOT NULL", ("d", certificate.DocumentId.Value)) == 1, TimeSpan.FromSeconds(30)));
        Assert.Equal("forwarded; applied", await Sql.ScalarAsync<string>(Topology.National.ConnectionString,
            "SELECT outcome FROM jinbao_inbox WHERE document_id = @d", ("d", certificate.DocumentId.Value)));
        await AssertClearedOnceAsync(transfer, 300_000);

        // The sender's relay, not having heard national's answer, sends the certificate again; and a province on the
        // previous version sends its 清算单 as well: both are stored, neither clears a second time.
        using (var again = await PostAsync(certificate))
        {
            Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
            Assert.Contains("document-replayed", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var legacy = Signed(DocumentTypes.FundsClearing, JinBaoCluster.NationalId, person, transfer,
            new FundsClearingPayload(RegionCode.Parse("440000"), RegionCode.Parse("510000"), "440300", "510100", Money.FromYuan(1_000), Money.FromYuan(2_000)));
        using (var clearing = await PostAsync(legacy))
        {
            Assert.Equal(HttpStatusCode.Accepted, clearing.StatusCode);
            Assert.Contains("document-stored", await clearing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        await AssertClearedOnceAsync(transfer, 300_000);
    }

    public void Dispose() => _http.Dispose();

    private async Task AssertClearedOnceAsync(TransferId transfer, long fen)
    {
        var movement = $"transfer:{transfer}:clearing";
        Assert.Equal(2L, await Sql.ScalarAsync<long>(Topology.National.ConnectionString,
            "SELECT count(*) FROM jinbao_ledger_entries WHERE movement_id = @m", ("m", movement)));
        Assert.Equal(fen, await Sql.ScalarAsync<long>(Topology.National.ConnectionString,
            "SELECT sum(amount_fen)::bigint FROM jinbao_ledger_entries WHERE movement_id = @m AND account = '510000:clearing'", ("m", movement)));
        Assert.Equal(1L, await Sql.ScalarAsync<long>(Topology.National.ConnectionString,
            "SELECT count(*) FROM jinbao_events WHERE type = 'funds-cleared' AND payload->>'transferId' = @t", ("t", transfer.ToString())));
    }

    private Task<HttpResponseMessage> PostAsync(ExchangeDocument document) =>
        _http.PostAsJsonAsync($"http://127.0.0.1:{Topology.National.Silos[0].HttpPort}/exchange/v1/documents", document, ExchangeJson.Wire);

    private ExchangeDocument Signed<T>(string type, string receiver, CitizenId person, TransferId transfer, T payload)
    {
        var outgoing = ExchangeJson.Create(DocumentIds.ForTransfer(transfer, type), type, receiver, person.Value, transfer.ToString(), payload,
            DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
        var document = new ExchangeDocument(outgoing.DocumentId, type, "prov-440000", receiver, outgoing.CitizenId, outgoing.TransferId, outgoing.Payload, outgoing.CreatedAt, "");
        return document with
        {
            Signature = Convert.ToBase64String(Topology.Guangdong.Key.SignData(document.CanonicalBytes(), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation)),
        };
    }
}
