using JinBao.Exchange;
using JinBao.Index;
using JinBao.Primitives;
using JinBao.Transfers;

namespace JinBao.UnitTests.Index;

/// <summary>The national person index rules: one active province at a time, releases that cannot undo newer claims, custody once per transfer.</summary>
public sealed class PersonIndexTests
{
    private const string Citizen = "510104197503010466";
    private static readonly RegionCode Guangdong = RegionCode.Parse("440000");
    private static readonly RegionCode Sichuan = RegionCode.Parse("510000");
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(8));

    private readonly PersonIndexState _state = new();

    private PersonIndex Index => new(_state, Citizen, Now);

    [Fact]
    public void FirstClaim_MakesTheProvinceActiveAndCustodian_ASecondProvinceIsRefused()
    {
        var first = Index.Claim(new ActiveClaim(Guangdong, RegionCode.Parse("440300"), 0, "city:440300"));
        var second = Index.Claim(new ActiveClaim(Sichuan, RegionCode.Parse("510100"), 0, "city:510100"));

        Assert.True(first.Granted);
        Assert.False(second.Granted);
        Assert.Equal(Guangdong, second.ActiveProvince);
        Assert.Equal((Guangdong, Guangdong), (_state.ActiveProvince!.Value, _state.CustodyProvince!.Value));
        Assert.Equal(["index-active-claimed", "index-claim-refused"], _state.Pending.Events.Select(e => e.Type));
    }

    [Fact]
    public void Release_ClearsTheClaim_AndTheNextProvinceHearsWhereThePersonCameFrom()
    {
        Index.Claim(new ActiveClaim(Guangdong, RegionCode.Parse("440300"), 0, "a"));

        Assert.Equal("applied", Index.Receive(Release(Guangdong, sequence: 5)));
        var sichuan = Index.Claim(new ActiveClaim(Sichuan, RegionCode.Parse("510100"), 0, "b"));

        Assert.True(sichuan.Granted);
        Assert.Equal(Guangdong, sichuan.PreviousProvince);
        Assert.Equal(Guangdong, sichuan.CustodyProvince);
    }

    [Fact]
    public void ReleaseOlderThanTheLatestClaim_IsStale_AndARepeatedDocumentIsADuplicate()
    {
        Index.Claim(new ActiveClaim(Guangdong, RegionCode.Parse("440300"), 7, "a")); // re-enrolled after change 7
        var late = Release(Guangdong, sequence: 7);                                  // the stop that preceded it

        Assert.StartsWith("ignored: stale", Index.Receive(late), StringComparison.Ordinal);
        Assert.Equal("duplicate", Index.Receive(late));
        Assert.Equal(Guangdong, _state.ActiveProvince);
    }

    [Fact]
    public void Release_FromAnotherProvincesCluster_IsIgnored()
    {
        Index.Claim(new ActiveClaim(Guangdong, RegionCode.Parse("440300"), 0, "a"));

        var outcome = Index.Receive(Release(Guangdong, sequence: 3) with { Sender = "prov-510000" });

        Assert.StartsWith("ignored", outcome, StringComparison.Ordinal);
        Assert.Equal(Guangdong, _state.ActiveProvince);
    }

    [Fact]
    public void CustodyMoved_IsAppliedOncePerTransfer_OnlyFromTheReceivingProvince()
    {
        Index.Claim(new ActiveClaim(Guangdong, RegionCode.Parse("440300"), 0, "a"));
        var transfer = TransferId.New();
        var moved = Document(DocumentTypes.CustodyMoved, "prov-510000", transfer, """{"fromProvince":"440000","toProvince":"510000"}""");

        Assert.StartsWith("ignored", Index.Receive(moved with { DocumentId = DocumentId.New(), Sender = "prov-440000" }), StringComparison.Ordinal);
        Assert.Equal("applied", Index.Receive(moved));
        Assert.Equal("duplicate", Index.Receive(moved with { DocumentId = DocumentId.New() })); // same transfer, resent under another id

        Assert.Equal(Sichuan, _state.CustodyProvince);
        Assert.Equal([transfer.ToString()], _state.CustodyTransfers);
    }

    [Fact]
    public void AcknowledgementNationalForwards_MovesCustodyOnce_AndALegacyCustodyMovedOfTheSameTransferIsADuplicate()
    {
        Index.Claim(new ActiveClaim(Guangdong, RegionCode.Parse("440300"), 0, "a"));
        var transfer = TransferId.New();
        var payload = ExchangeJson.Create(DocumentId.New(), DocumentTypes.Acknowledgement, "prov-440000", Citizen, transfer.ToString(),
            new AcknowledgementPayload(new MergeResult(transfer, 12, 0, Money.Zero), RegionCode.Parse("510100")), Now).Payload;
        var acknowledgement = Document(DocumentTypes.Acknowledgement, "prov-510000", transfer, payload) with { Receiver = "prov-440000" };

        // Only the province of the merging city can say it merged; an acknowledgement between two cities of one province moves nothing.
        Assert.StartsWith("ignored", Index.Receive(acknowledgement with { DocumentId = DocumentId.New(), Sender = "prov-320000" }), StringComparison.Ordinal);
        Assert.StartsWith("ignored", Index.Receive(acknowledgement with { DocumentId = DocumentId.New(), Receiver = "prov-510000" }), StringComparison.Ordinal);
        Assert.Equal(Guangdong, _state.CustodyProvince);

        Assert.Equal("applied", Index.Receive(acknowledgement));
        var legacy = Document(DocumentTypes.CustodyMoved, "prov-510000", transfer, """{"fromProvince":"440000","toProvince":"510000"}""");
        Assert.Equal("duplicate", Index.Receive(legacy));

        Assert.Equal(Sichuan, _state.CustodyProvince);
        Assert.Equal([transfer.ToString()], _state.CustodyTransfers);
        Assert.Single(_state.Pending.Events, e => e.Type == "index-custody-moved");
    }

    private static ExchangeDocument Release(RegionCode province, long sequence) =>
        Document(DocumentTypes.ActiveReleased, $"prov-{province.Value}", null,
            $$"""{"province":"{{province.Value}}","city":"{{province.Value[..2]}}0100","sequence":{{sequence}},"stoppedOn":"2026-02-28"}""");

    private static ExchangeDocument Document(string type, string sender, TransferId? transfer, string payload) =>
        new(DocumentId.New(), type, sender, "national", Citizen, transfer?.ToString(), payload, Now, "");
}
