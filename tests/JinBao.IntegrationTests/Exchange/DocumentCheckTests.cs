using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;

using JinBao.Documents;
using JinBao.Errors;
using JinBao.Exchange;
using JinBao.Grains.Documents;
using JinBao.Grains.Exchange;
using JinBao.Primitives;

using static JinBao.IntegrationTests.Exchange.CrossProvinceJourney;

namespace JinBao.IntegrationTests.Exchange;

/// <summary>
/// A paper printed in one province and handed in at another (issue 18: the old place checks the new place's 联系函):
/// the register asks the printing province through national, which audits the check where the person's data is.
/// </summary>
[Collection(ExchangeTopologyCollection.Name)]
public sealed class DocumentCheckTests(ExchangeTopologyFixture fixture) : IDisposable
{
    private const string Code = "K7M2P9QX";

    private static readonly DocumentChecker ShenzhenChecker = new("clerk:chen@440300", "clerk", Shenzhen, "核验转入地联系函");

    private readonly HttpClient _http = new();

    private ExchangeTopology Topology => fixture.Topology;

    [Fact]
    public async Task ALetterPrintedInChengdu_IsCheckedFromShenzhen_AndTheCheckIsAuditedInSichuan()
    {
        var (person, number, transfer) = await PrintInChengduAsync();
        var register = Topology.Guangdong.Grains.GetGrain<IDocumentRegisterGrain>(0);

        var found = await register.CheckAsync(number, Code, ShenzhenChecker);

        Assert.Equal(("contact-letter", Chengdu, person), (found.Kind, found.IssuingCity, found.CitizenId));
        Assert.Equal(transfer, JsonDocument.Parse(found.SummaryJson).RootElement.GetProperty("transferId").GetGuid());
        Assert.Equal("3f0c", found.ContentSha256[..4]);
        Assert.Equal(1L, await AuditRowsAsync(number, "clerk:chen@440300"));
        Assert.Equal(1L, await LongAsync(Topology.Sichuan.ConnectionString,
            "SELECT count(*) FROM jinbao_api_audit WHERE citizen_id = @p AND caller_region = '440300' AND purpose = '核验转入地联系函'", ("p", person.Value)));
    }

    [Fact]
    public async Task AWrongCodeAndAnUnknownNumber_AreAlikeNotFound_AndNothingIsAudited()
    {
        var (_, number, _) = await PrintInChengduAsync();
        var register = Topology.Guangdong.Grains.GetGrain<IDocumentRegisterGrain>(0);
        var unknown = "LX510100" + number[8..16] + "00000000";

        foreach (var (asked, code) in new[] { (number, "K7M2P9QY"), (number, ""), (unknown, Code), ("LX999999" + number[8..], Code), ("not a number", Code) })
        {
            var refused = await Assert.ThrowsAsync<JinBaoException>(() => register.CheckAsync(asked, code, ShenzhenChecker));
            Assert.Equal((ErrorKind.NotFound, "document-not-found"), (refused.Kind, refused.Code));
        }

        Assert.Equal(0L, await AuditRowsAsync(number, "clerk:chen@440300"));
    }

    [Fact]
    public async Task AProvinceVouchesOnlyForItsOwnCallers()
    {
        var (_, number, _) = await PrintInChengduAsync();

        // Guangdong's genuine signature on a check in the name of a Chengdu clerk: refused, and Sichuan records nothing.
        var request = Sign(Topology.Guangdong, DocumentTypes.DocumentCheckRequest,
            new DocumentCheckRequestPayload(number, Code, new DocumentChecker("clerk:zhao@510100", "clerk", Chengdu, "posing as Chengdu")));
        using var response = await _http.PostAsJsonAsync($"http://127.0.0.1:{Topology.National.Silos[0].HttpPort}/{ExchangeRequestClient.RequestsPath}", request, ExchangeJson.Wire);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("document-sender-not-allowed", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0L, await AuditRowsAsync(number, "clerk:zhao@510100"));
    }

    public void Dispose() => _http.Dispose();

    /// <summary>A contact letter as Chengdu's API records it when a clerk prints one (the API's own tests print through it).</summary>
    private async Task<(Primitives.CitizenId Person, string Number, Guid Transfer)> PrintInChengduAsync()
    {
        var person = TestPeople.Next(birthYear: 1981, addressCode: "510104");
        var number = $"LX510100{DateTime.UtcNow:yyyyMMdd}{RandomNumberGenerator.GetHexString(8)}";
        var transfer = Guid.NewGuid();
        await Sql.ExecuteAsync(Topology.Sichuan.ConnectionString, """
            INSERT INTO jinbao_api_documents (document_number, kind, citizen_id, issuing_city, issued_by, verification, content_sha256, summary)
            VALUES (@n, 'contact-letter', @p, '510100', 'clerk:zhao@510100', @c, '3f0c9a', @s::jsonb)
            """, ("n", number), ("p", person.Value), ("c", Code),
            ("s", JsonSerializer.Serialize(new { transferId = transfer, fromCity = "440300", toCity = "510100" })));
        return (person, number, transfer);
    }

    private Task<long> AuditRowsAsync(string number, string caller) => LongAsync(Topology.Sichuan.ConnectionString,
        "SELECT count(*) FROM jinbao_api_audit WHERE route = @r AND caller = @c", ("r", $"/api/v1/documents/{number}"), ("c", caller));

    private static ExchangeDocument Sign<T>(TopologyCluster sender, string type, T payload)
    {
        var outgoing = ExchangeJson.Create(DocumentId.New(), type, JinBaoCluster.NationalId, "", null, payload, DateTimeOffset.UtcNow);
        var document = new ExchangeDocument(outgoing.DocumentId, outgoing.Type, sender.Id, outgoing.Receiver, outgoing.CitizenId, outgoing.TransferId,
            outgoing.Payload, outgoing.CreatedAt, "");
        return document with
        {
            Signature = Convert.ToBase64String(sender.Key.SignData(document.CanonicalBytes(), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation)),
        };
    }
}
