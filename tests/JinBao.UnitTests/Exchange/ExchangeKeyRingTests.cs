using System.Security.Cryptography;

using JinBao.Exchange;
using JinBao.Grains.Exchange;
using JinBao.Primitives;
using JinBao.Transfers;

namespace JinBao.UnitTests.Exchange;

/// <summary>Signatures (issue 5): a receiver accepts exactly what the claimed sender signed, nothing forged or altered.</summary>
public sealed class ExchangeKeyRingTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 2, 9, 30, 0, 123, TimeSpan.FromHours(8));

    private readonly ECDsa _sichuan = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly ECDsa _national = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    [Fact]
    public void SignedDocument_VerifiesAtTheReceiver()
    {
        var document = Sichuan().Sign(Letter());

        Assert.Equal("prov-510000", document.Sender);
        Assert.Equal(SignatureCheck.Valid, National().Verify(document));
    }

    [Theory]
    [InlineData("payload")]
    [InlineData("receiver")]
    [InlineData("citizen")]
    [InlineData("created")]
    [InlineData("id")]
    [InlineData("type")]
    public void AlteredDocument_IsInvalid(string field)
    {
        var document = Sichuan().Sign(Letter());
        var altered = field switch
        {
            "payload" => document with { Payload = document.Payload.Replace("440300", "440100", StringComparison.Ordinal) },
            "receiver" => document with { Receiver = "prov-320000" },
            "citizen" => document with { CitizenId = "440304198808151232" },
            "created" => document with { CreatedAt = document.CreatedAt.AddMilliseconds(1) },
            "id" => document with { DocumentId = DocumentId.New() },
            _ => document with { Type = DocumentTypes.Acknowledgement },
        };

        Assert.Equal(SignatureCheck.Invalid, National().Verify(altered));
    }

    [Fact]
    public void DocumentSignedWithAnotherKey_ClaimingToBeSichuan_IsInvalid()
    {
        using var forger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var forged = new ExchangeKeyRing(Options("prov-510000", forger)).Sign(Letter());

        Assert.Equal(SignatureCheck.Invalid, National().Verify(forged));
    }

    [Fact]
    public void DocumentFromAnUnconfiguredCluster_HasAnUnknownSender()
    {
        var document = Sichuan().Sign(Letter()) with { Sender = "prov-320000" };

        Assert.Equal(SignatureCheck.UnknownSender, National().Verify(document));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not base64!")]
    [InlineData("AAAA")]
    public void MalformedSignature_IsInvalid(string signature)
    {
        var document = Sichuan().Sign(Letter()) with { Signature = signature };

        Assert.Equal(SignatureCheck.Invalid, National().Verify(document));
    }

    [Fact]
    public void DocumentIds_AreDeterministicPerTransferAndType()
    {
        var transfer = TransferId.New();

        Assert.Equal(DocumentIds.ForTransfer(transfer, DocumentTypes.ContactLetter), DocumentIds.ForTransfer(transfer, DocumentTypes.ContactLetter));
        Assert.NotEqual(DocumentIds.ForTransfer(transfer, DocumentTypes.ContactLetter), DocumentIds.ForTransfer(transfer, DocumentTypes.Acknowledgement));
        Assert.NotEqual(DocumentIds.ForTransfer(transfer, DocumentTypes.ContactLetter), DocumentIds.ForTransfer(TransferId.New(), DocumentTypes.ContactLetter));
        Assert.True(DocumentIds.ForTransfer(transfer, DocumentTypes.ContactLetter).IsWellFormed);
    }

    [Fact]
    public void Validator_ReportsAPublicKeyThatDoesNotMatchThePrivateKey_AndAMissingNationalUrl()
    {
        var options = Options("prov-510000", _sichuan);
        options.Keys["prov-510000"] = _national.ExportSubjectPublicKeyInfoPem();
        options.NationalUrl = null;

        var result = new ExchangeOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.Contains("not the public half", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.Contains("NationalUrl is missing", StringComparison.Ordinal));
    }

    [Fact]
    public void Validator_AcceptsAProvinceWithKeysAndUrl_AndBareProvinceCodesAsKeyNames()
    {
        var options = Options("prov-510000", _sichuan);
        options.Keys.Remove("prov-510000");
        options.Keys["510000"] = _sichuan.ExportSubjectPublicKeyInfoPem();

        Assert.True(new ExchangeOptionsValidator().Validate(null, options).Succeeded);
        Assert.Equal("prov-510000", options.Cluster.Id);
    }

    [Fact]
    public void WithoutAPrivateKey_TheClusterIsStandalone()
    {
        var options = new ExchangeOptions { ClusterId = "prov-440000" };

        Assert.False(options.Enabled);
        Assert.True(options.Cluster.IsStandalone);
        Assert.True(options.Cluster.Serves(RegionCode.Parse("510100")));
        Assert.False(JinBaoCluster.OfProvince(RegionCode.Parse("440300")).Serves(RegionCode.Parse("510100")));
    }

    private static OutgoingDocument Letter() => new(
        DocumentIds.ForTransfer(TransferId.New(), DocumentTypes.ContactLetter), DocumentTypes.ContactLetter, "prov-440000",
        "510104197503010466", Guid.NewGuid().ToString("D"), """{"fromCity":"440300","toCity":"510100"}""", At);

    private ExchangeKeyRing Sichuan() => new(Options("prov-510000", _sichuan));

    private ExchangeKeyRing National() => new(Options("national", _national));

    private ExchangeOptions Options(string clusterId, ECDsa privateKey) => new()
    {
        ClusterId = clusterId,
        PrivateKeyPem = privateKey.ExportPkcs8PrivateKeyPem(),
        NationalUrl = "http://127.0.0.1:9000",
        Keys =
        {
            ["national"] = _national.ExportSubjectPublicKeyInfoPem(),
            ["prov-510000"] = _sichuan.ExportSubjectPublicKeyInfoPem(),
        },
    };
}
