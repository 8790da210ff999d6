using JinBao.Errors;
using JinBao.Grains.Index;
using JinBao.Index;
using JinBao.Persons;
using JinBao.Primitives;
using JinBao.Transfers;

using static JinBao.IntegrationTests.Exchange.CrossProvinceJourney;

namespace JinBao.IntegrationTests.Exchange;

/// <summary>"The national link is down for an hour (nothing is lost, the steps resume)" — journey 1's edge case, issue 5.</summary>
[Collection(ExchangeTopologyCollection.Name)]
public sealed class ExchangePartitionTests(ExchangeTopologyFixture fixture)
{
    private ExchangeTopology Topology => fixture.Topology;

    [Fact]
    public async Task NationalDownMidTransfer_ProvincesKeepWorking_AndTheTransferCompletesExactlyOnceWhenItReturns()
    {
        var journey = new CrossProvinceJourney(Topology);
        await journey.InsureInShenzhenThenChengduAsync();
        var colleague = TestPeople.Next(birthYear: 1992);
        var colleagueGrain = Topology.Guangdong.Grains.GetPersonGrain(colleague);
        await colleagueGrain.EnrolAsync(new EnrolPerson(RegionCode.Parse("440300"), Shenzhen, new DateOnly(2025, 1, 1), ShenzhenSystem));
        await journey.ApplyInChengduAsync();
        await WaitForAsync(journey.TransferInGuangdong, TransferStatus.ContactLetterIssued);       // the letter left Sichuan and arrived

        await Topology.StopAsync(Topology.National);
        try
        {
            // Both provinces keep serving their own work.
            var april = await journey.InSichuan.DeclareMonthsAsync(new YearMonth(2026, 4), 1, 8000, ChengduSystem);
            Assert.Equal(2, april.Segments.Single(s => s.City == Chengdu).Months.Count);
            var colleagueRecord = await colleagueGrain.DeclareMonthsAsync(new YearMonth(2025, 1), 3, 7000, ShenzhenSystem);
            Assert.Equal(3, colleagueRecord.Segments.Single().Months.Count);
            Assert.Contains(await Topology.Guangdong.Grains.GetAgencyGrain(Shenzhen).GetQueueAsync(), c => c.TransferId == journey.Transfer);

            // A stop is recorded, but not said to be done while the index cannot hear of it: a province enrolling the
            // person on the strength of it would be refused for Guangdong's claim (the race the fault probe found).
            var stop = new StopContributing(Shenzhen, new DateOnly(2025, 3, 31), ShenzhenSystem);
            var unheard = await colleagueGrain.StopContributingAsync(stop);
            Assert.Equal((SegmentStatus.Dormant, false), (unheard.Record.Segments.Single().Status, unheard.NationalIndexInformed));

            // Only what needs the national index fails — closed, and retryable.
            var enrol = await Assert.ThrowsAsync<JinBaoException>(() => Topology.Sichuan.Grains.GetPersonGrain(TestPeople.Next(1995, addressCode: "510104"))
                .EnrolAsync(new EnrolPerson(Chengdu, Chengdu, new DateOnly(2026, 4, 1), ChengduSystem)));
            Assert.Equal((ErrorKind.Unavailable, "national-index-unavailable"), (enrol.Kind, enrol.Code));

            // Shenzhen's clerk releases meanwhile: the step is done locally; the form and funds wait in the outbox (one
            // document: national clears the funds as it forwards it).
            var released = await journey.TransferInGuangdong.ApproveAsync(new TransferDecision(Shenzhen, "no arrears", ShenzhenClerk));
            Assert.Equal(TransferStatus.CertificateAndFundsSent, released.Status);
            Assert.True(await Retry.UntilAsync(async () => await LongAsync(Topology.Guangdong.ConnectionString, """
                SELECT count(*) FROM jinbao_outbox WHERE delivered_at IS NULL AND attempts >= 2 AND last_error IS NOT NULL AND document LIKE @k
                """, ("k", $"%{journey.Transfer}%")) == 1, TimeSpan.FromSeconds(30)), "the certificate is retried while national is down");
            Assert.Equal(TransferStatus.ContactLetterIssued, (await journey.TransferInSichuan.GetAsync()).Status);
        }
        finally
        {
            await Topology.StartAsync(Topology.National);
        }

        var done = await WaitForAsync(journey.TransferInSichuan, TransferStatus.Completed);
        var oldDone = await WaitForAsync(journey.TransferInGuangdong, TransferStatus.Completed);
        var key = journey.Transfer.ToString();
        Assert.True(await Retry.UntilAsync(async () =>
            (await Topology.National.Grains.GetGrain<IPersonIndexGrain>(journey.Person.Value).GetAsync()).CustodyProvince == RegionCode.Parse("510000")
            && await LongAsync(Topology.National.ConnectionString, "SELECT count(*) FROM jinbao_ledger_entries WHERE movement_id = @m", ("m", $"transfer:{key}:clearing")) == 2,
            TimeSpan.FromSeconds(30)));

        // Exactly once: one merge, one set of postings per ledger, one completion per side.
        var chengdu = (await journey.InSichuan.GetRecordAsync()).Segments.Single(s => s.City == Chengdu);
        Assert.Equal(ShenzhenMonths + 2, chengdu.Months.Count);
        Assert.Equal(journey.ShenzhenBefore.IndividualAccountBalance + Money.FromYuan(1280), chengdu.IndividualAccountBalance);
        Assert.Equal(1L, await LongAsync(Topology.Sichuan.ConnectionString,
            "SELECT count(*) FROM jinbao_events WHERE stream = @s AND type = 'relationship-merged'", ("s", $"person:{journey.Person.Value}")));
        Assert.Equal(3L, await LongAsync(Topology.Guangdong.ConnectionString, "SELECT count(*) FROM jinbao_ledger_entries WHERE movement_id LIKE @m", ("m", $"transfer:{key}:%")));
        Assert.Equal(3L, await LongAsync(Topology.Sichuan.ConnectionString, "SELECT count(*) FROM jinbao_ledger_entries WHERE movement_id LIKE @m", ("m", $"transfer:{key}:%")));
        Assert.Equal(journey.ExpectedFundsFen, await LongAsync(Topology.National.ConnectionString,
            "SELECT sum(amount_fen) FROM jinbao_ledger_entries WHERE movement_id = @m AND amount_fen > 0", ("m", $"transfer:{key}:clearing")));
        Assert.Single(done.Timeline, s => s.Status == TransferStatus.Completed);
        Assert.Single(oldDone.Timeline, s => s.Status == TransferStatus.Completed);
        foreach (var cluster in Topology.All)
        {
            Assert.Equal(0L, await LongAsync(cluster.ConnectionString, "SELECT count(*) FROM jinbao_ledger_unbalanced_movements"));
            Assert.Equal(0L, await LongAsync(cluster.ConnectionString,
                "SELECT count(*) FROM jinbao_outbox WHERE delivered_at IS NULL AND document LIKE @k", ("k", $"%{key}%")));
        }

        // The colleague's stop, repeated as its caller was told to: now said, and then Sichuan may enrol them at once.
        var heard = await Retry.UntilSucceedsAsync(async () =>
        {
            var again = await colleagueGrain.StopContributingAsync(new StopContributing(Shenzhen, new DateOnly(2025, 3, 31), ShenzhenSystem));
            return again.NationalIndexInformed ? again : throw new InvalidOperationException("the index has not heard yet");
        }, TimeSpan.FromSeconds(30));
        Assert.Equal(SegmentStatus.Dormant, heard.Record.Segments.Single().Status);
        var enrolled = await Topology.Sichuan.Grains.GetPersonGrain(colleague).EnrolAsync(new EnrolPerson(RegionCode.Parse("440300"), Chengdu, new DateOnly(2026, 5, 1), ChengduSystem));
        Assert.Contains(enrolled.Segments, s => s.City == Chengdu && s.Status == SegmentStatus.Active);
    }
}
