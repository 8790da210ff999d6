using JinBao.Errors;
using JinBao.Grains.Index;
using JinBao.Index;
using JinBao.Pensions;
using JinBao.Persons;
using JinBao.Primitives;

namespace JinBao.IntegrationTests.Exchange;

/// <summary>重复参保 across provinces (issue 5): the national index lets a person be active in one province at a time.</summary>
[Collection(ExchangeTopologyCollection.Name)]
public sealed class DoubleEnrolmentTests(ExchangeTopologyFixture fixture)
{
    private static readonly RegionCode Shenzhen = RegionCode.Parse("440300");
    private static readonly RegionCode Guangzhou = RegionCode.Parse("440100");
    private static readonly RegionCode Chengdu = RegionCode.Parse("510100");

    private ExchangeTopology Topology => fixture.Topology;

    [Fact]
    public async Task EnrolmentInASecondProvince_IsRefusedNamingTheFirst_UntilTheFirstReportsThePersonLeft()
    {
        var id = TestPeople.Next(birthYear: 1979, addressCode: "510104");
        var guangdong = Topology.Guangdong.Grains.GetPersonGrain(id);
        var sichuan = Topology.Sichuan.Grains.GetPersonGrain(id);
        var index = Topology.National.Grains.GetGrain<IPersonIndexGrain>(id.Value);
        await guangdong.EnrolAsync(new EnrolPerson(Chengdu, Shenzhen, new DateOnly(2014, 3, 1), new Requester("city:440300", null)));

        var refused = await Assert.ThrowsAsync<JinBaoException>(() =>
            sichuan.EnrolAsync(new EnrolPerson(Chengdu, Chengdu, new DateOnly(2026, 3, 2), new Requester("city:510100", "enrol-1"))));

        Assert.Equal(ErrorKind.RuleViolation, refused.Kind);
        Assert.Equal("person-active-in-another-province", refused.Code);
        Assert.Contains("440000 (Guangdong", refused.Message, StringComparison.Ordinal);
        Assert.Equal(ErrorKind.NotFound, (await Assert.ThrowsAsync<JinBaoException>(() => sichuan.GetRecordAsync())).Kind); // nothing enrolled
        var before = await index.GetAsync();
        Assert.Equal(RegionCode.Parse("440000"), before.ActiveProvince);
        Assert.Equal(RegionCode.Parse("440000"), before.CustodyProvince);

        // The Shenzhen employer reports that he left (停保): Guangdong keeps the relationship, the active claim is released.
        var stopped = await guangdong.StopContributingAsync(new StopContributing(Shenzhen, new DateOnly(2026, 2, 28), new Requester("city:440300", "stop-1")));
        Assert.Equal(SegmentStatus.Dormant, Assert.Single(stopped.Record.Segments).Status);
        Assert.True(stopped.NationalIndexInformed); // said only once the index has heard it
        Assert.Null((await index.GetAsync()).ActiveProvince);

        var enrolled = await sichuan.EnrolAsync(new EnrolPerson(Chengdu, Chengdu, new DateOnly(2026, 3, 2), new Requester("city:510100", "enrol-2")));

        var chengdu = Assert.Single(enrolled.Segments);
        Assert.Equal((Chengdu, SegmentStatus.Active, SegmentKind.Regular), (chengdu.City, chengdu.Status, chengdu.Kind));
        var after = await index.GetAsync();
        Assert.Equal(RegionCode.Parse("510000"), after.ActiveProvince);
        Assert.Equal(RegionCode.Parse("440000"), after.CustodyProvince); // custody moves only with a completed transfer

        // Now it is Guangdong that must wait for Sichuan.
        var back = await Assert.ThrowsAsync<JinBaoException>(() =>
            guangdong.EnrolAsync(new EnrolPerson(Chengdu, Guangzhou, new DateOnly(2026, 4, 1), new Requester("city:440100", null))));
        Assert.Contains("510000 (Sichuan", back.Message, StringComparison.Ordinal);
        Assert.Equal(2L, await Sql.ScalarAsync<long>(Topology.National.ConnectionString,
            "SELECT count(*) FROM jinbao_events WHERE stream = @s AND type = 'index-claim-refused'", ("s", $"person-index:{id.Value}")));
    }

    [Fact]
    public async Task MovingBetweenCitiesOfOneProvince_NeedsNoNewClaim_AndARepeatedStopIsANoOp()
    {
        var id = TestPeople.Next(birthYear: 1990);
        var guangdong = Topology.Guangdong.Grains.GetPersonGrain(id);
        await guangdong.EnrolAsync(new EnrolPerson(RegionCode.Parse("440100"), Guangzhou, new DateOnly(2024, 1, 1), new Requester("city:440100", null)));
        await guangdong.EnrolAsync(new EnrolPerson(RegionCode.Parse("440100"), Shenzhen, new DateOnly(2025, 1, 1), new Requester("city:440300", null)));

        var wrongCity = await Assert.ThrowsAsync<JinBaoException>(() =>
            guangdong.StopContributingAsync(new StopContributing(Guangzhou, new DateOnly(2025, 6, 30), new Requester("city:440100", null))));
        await guangdong.StopContributingAsync(new StopContributing(Shenzhen, new DateOnly(2025, 6, 30), new Requester("city:440300", null)));
        var again = await guangdong.StopContributingAsync(new StopContributing(Shenzhen, new DateOnly(2025, 6, 30), new Requester("city:440300", null)));

        Assert.Equal("stop-wrong-city", wrongCity.Code);
        Assert.All(again.Record.Segments, s => Assert.Equal(SegmentStatus.Dormant, s.Status));
        Assert.True(again.NationalIndexInformed);
        Assert.Equal(1L, await Sql.ScalarAsync<long>(Topology.Guangdong.ConnectionString,
            "SELECT count(*) FROM jinbao_events WHERE stream = @s AND type = 'contributions-stopped'", ("s", $"person:{id.Value}")));
        Assert.Null((await Topology.National.Grains.GetGrain<IPersonIndexGrain>(id.Value).GetAsync()).ActiveProvince);
        Assert.Equal(1L, await Sql.ScalarAsync<long>(Topology.National.ConnectionString,
            "SELECT count(*) FROM jinbao_events WHERE stream = @s AND type = 'index-active-claimed'", ("s", $"person-index:{id.Value}")));
    }
}
