using JinBao.Errors;
using JinBao.Grains.Index;
using JinBao.Index;
using JinBao.Persons;
using JinBao.Primitives;
using JinBao.Transfers;

using static JinBao.IntegrationTests.Exchange.CrossProvinceJourney;

namespace JinBao.IntegrationTests.Exchange;

/// <summary>Journey 1 end to end across three clusters (issue 5): Shenzhen (Guangdong) → Chengdu (Sichuan) through the national exchange.</summary>
[Collection(ExchangeTopologyCollection.Name)]
public sealed class CrossProvinceTransferTests(ExchangeTopologyFixture fixture)
{
    private ExchangeTopology Topology => fixture.Topology;

    [Fact]
    public async Task ShenzhenToChengdu_CompletesInBothProvinces_MovesCustody_AndEveryLedgerBalances()
    {
        var journey = new CrossProvinceJourney(Topology);
        await journey.InsureInShenzhenThenChengduAsync();
        var statementBefore = await StatementAsync();

        var applied = await journey.ApplyInChengduAsync();

        Assert.Equal(TransferStatus.ContactLetterIssued, applied.Status);                       // Chengdu's policy approved the review
        Assert.Equal(Shenzhen, applied.AwaitingCity);
        var letter = await WaitForAsync(journey.TransferInGuangdong, TransferStatus.ContactLetterIssued);
        Assert.Equal(journey.Person, letter.CitizenId);
        Assert.Equal(Shenzhen, letter.AwaitingCity);
        Assert.NotNull(letter.DueOn);                                                            // the old place's 15 working days
        Assert.Contains(await Topology.Guangdong.Grains.GetAgencyGrain(Shenzhen).GetQueueAsync(), c => c.TransferId == journey.Transfer && c.AwaitingThisCity);
        var elsewhere = await Assert.ThrowsAsync<JinBaoException>(() =>
            journey.TransferInSichuan.ApproveAsync(new TransferDecision(Shenzhen, null, ShenzhenClerk)));
        Assert.Equal("transfer-decision-other-province", elsewhere.Code);

        // Shenzhen's clerk checks there are no arrears and approves: release here, form and funds to Sichuan.
        var released = await journey.TransferInGuangdong.ApproveAsync(new TransferDecision(Shenzhen, "no arrears", ShenzhenClerk));
        Assert.Equal(TransferStatus.CertificateAndFundsSent, released.Status);

        var done = await WaitForAsync(journey.TransferInSichuan, TransferStatus.Completed);
        var oldDone = await WaitForAsync(journey.TransferInGuangdong, TransferStatus.Completed);

        // The person's months and amounts arrived in Sichuan exactly: the whole account and 12% of the bases.
        Assert.Equal(journey.ShenzhenBefore.IndividualAccountBalance, done.Amounts!.IndividualAccount);
        Assert.Equal(Money.FromYuan(ShenzhenMonths * Base * 0.08m), done.Amounts.IndividualAccount);
        Assert.Equal(Money.FromYuan(ShenzhenMonths * Base * 0.12m), done.Amounts.PooledFund);
        Assert.Equal(journey.ExpectedPooledFen, done.Amounts.PooledFund.Fen);
        var chengdu = (await journey.InSichuan.GetRecordAsync()).Segments.Single(s => s.City == Chengdu);
        Assert.Equal(ShenzhenMonths + 1, chengdu.Months.Count);
        Assert.Equal(journey.ShenzhenBefore.Months, chengdu.Months.Where(m => m.City == Shenzhen));  // month by month, base by base
        Assert.Equal(journey.ShenzhenBefore.IndividualAccountBalance + Money.FromYuan(640), chengdu.IndividualAccountBalance);
        var guangdongRecord = await journey.InGuangdong.GetRecordAsync();
        var shenzhen = guangdongRecord.Segments.Single(s => s.City == Shenzhen);
        Assert.Equal((SegmentStatus.TransferredOut, 0), (shenzhen.Status, shenzhen.Months.Count));

        // Guangdong's record says where the relationship went, and so does a declaration there.
        Assert.Null(guangdongRecord.ActiveSegment);
        Assert.Equal(shenzhen, guangdongRecord.LatestRelationship);
        Assert.Equal((Chengdu, journey.Transfer.ToString()), (shenzhen.TransferredTo!.City, shenzhen.TransferredTo.TransferId));
        var declared = await Assert.ThrowsAsync<JinBaoException>(() => journey.InGuangdong.DeclareMonthsAsync(new YearMonth(2026, 3), 1, Base, ShenzhenSystem));
        Assert.Equal("relationship-transferred-out", declared.Code);
        Assert.Contains($"transferred to {Chengdu.Value}", declared.Message, StringComparison.Ordinal);

        // Each step once on either side, with the person who took it: the old place's clerk released, the new place
        // sees that clerk, the old place sees who issued the contact letter.
        Assert.Equal(
            [TransferStatus.Applied, TransferStatus.ContactLetterIssued, TransferStatus.CertificateAndFundsSent, TransferStatus.Completed],
            done.Timeline.Select(s => s.Status));
        Assert.Equal(
            [TransferStatus.ContactLetterIssued, TransferStatus.CertificateAndFundsSent, TransferStatus.Completed],
            oldDone.Timeline.Select(s => s.Status));
        Assert.Equal(ShenzhenClerk.Actor, done.Timeline.Single(s => s.Status == TransferStatus.CertificateAndFundsSent).Actor);
        Assert.Equal(ShenzhenClerk.Actor, oldDone.Timeline.Single(s => s.Status == TransferStatus.CertificateAndFundsSent).Actor);
        Assert.Contains("no arrears", oldDone.Timeline.Single(s => s.Status == TransferStatus.CertificateAndFundsSent).Note, StringComparison.Ordinal);
        Assert.Equal(done.Timeline.Single(s => s.Status == TransferStatus.ContactLetterIssued).Actor, oldDone.Timeline[0].Actor);
        Assert.Equal(ShenzhenMonths, done.Amounts.Months);

        // Custody moved with the completion.
        var index = await Retry.UntilSucceedsAsync(async () =>
        {
            var view = await Topology.National.Grains.GetGrain<IPersonIndexGrain>(journey.Person.Value).GetAsync();
            return view.CustodyProvince == RegionCode.Parse("510000") ? view : throw new InvalidOperationException("custody not moved yet");
        }, TimeSpan.FromSeconds(30));
        Assert.Equal([journey.Transfer.ToString()], index.CustodyTransfers);
        Assert.Equal(RegionCode.Parse("510000"), index.ActiveProvince);

        // Every ledger: the same amount out of Shenzhen, through national clearing, into Sichuan; every movement balances.
        var key = journey.Transfer.ToString();
        var funds = journey.ExpectedFundsFen;
        Assert.Equal(funds, await Sum(Topology.Guangdong, $"movement_id = 'transfer:{key}:out' AND account = '440300:national-clearing'"));
        Assert.Equal(-journey.ShenzhenBefore.IndividualAccountBalance.Fen, await Sum(Topology.Guangdong, $"movement_id = 'transfer:{key}:out' AND account = '440300:individual-account'"));
        Assert.Equal(-funds, await Sum(Topology.Sichuan, $"movement_id = 'transfer:{key}:in' AND account = '510000:national-clearing'"));
        Assert.Equal(journey.ExpectedPooledFen, await Sum(Topology.Sichuan, $"movement_id = 'transfer:{key}:in' AND account = '510000:pooled-fund'"));
        await WaitForClearingAsync(key);
        Assert.Equal(-funds, await Sum(Topology.National, $"movement_id = 'transfer:{key}:clearing' AND account = '440000:clearing'"));
        Assert.Equal(funds, await Sum(Topology.National, $"movement_id = 'transfer:{key}:clearing' AND account = '510000:clearing'"));
        foreach (var cluster in Topology.All)
        {
            Assert.Equal(0L, await LongAsync(cluster.ConnectionString, "SELECT count(*) FROM jinbao_ledger_unbalanced_movements"));
        }

        // What the person holds is what the ledgers hold for them.
        Assert.Equal(chengdu.IndividualAccountBalance.Fen, await Sum(Topology.Sichuan, "account LIKE '%:individual-account' AND person_id = @p", journey.Person.Value));
        Assert.Equal(0L, await Sum(Topology.Guangdong, "account LIKE '%:individual-account' AND person_id = @p", journey.Person.Value));

        // The month's clearing statement nets to the transfer; the provinces' positions sum to zero.
        Assert.Equal(funds, await StatementAsync() - statementBefore);
        Assert.Equal(0L, await LongAsync(Topology.National.ConnectionString, "SELECT coalesce(sum(net_fen), 0) FROM jinbao_clearing_positions"));

        // Exactly once at every hop: one inbox row per document, each applied once; both queues are clear of it. Each
        // document went out as its step committed, handed to its silo's relay: none waited for a poll's claim.
        Assert.Equal(["acknowledgement", "contact-letter"], await Types(Topology.Guangdong, "jinbao_inbox", key));
        Assert.Equal(["certificate-and-funds"], await Types(Topology.Sichuan, "jinbao_inbox", key));
        Assert.Equal(["acknowledgement", "certificate-and-funds", "contact-letter"], await Types(Topology.National, "jinbao_inbox", key));
        // National cleared the funds from the certificate and moved custody on the acknowledgement as it forwarded them.
        string[] nationalOutcomes = ["forwarded", "forwarded; applied", "forwarded; applied"];
        Assert.True(await Retry.UntilAsync(async () => nationalOutcomes.SequenceEqual(await Sql.StringsAsync(Topology.National.ConnectionString,
            "SELECT outcome FROM jinbao_inbox WHERE document LIKE @k ORDER BY outcome", ("k", $"%{key}%"))), TimeSpan.FromSeconds(10)));
        foreach (var cluster in Topology.All)
        {
            Assert.Equal(0L, await LongAsync(cluster.ConnectionString,
                "SELECT count(*) FROM jinbao_outbox WHERE (delivered_at IS NULL OR attempts > 0) AND document LIKE @k", ("k", $"%{key}%")));
        }

        Assert.DoesNotContain(await Topology.Guangdong.Grains.GetAgencyGrain(Shenzhen).GetQueueAsync(), c => c.TransferId == journey.Transfer);
        Assert.DoesNotContain(await Topology.Sichuan.Grains.GetAgencyGrain(Chengdu).GetQueueAsync(), c => c.TransferId == journey.Transfer);

        // Chengdu's transfer was written twice: the application (with its review and letter), then the certificate with
        // the merge it starts, in one write. Shenzhen's four times: the letter, the clerk's approval (saved before the
        // release it starts: a clerk's call is not delivered again), the release, the acknowledgement.
        Assert.Equal((2L, 4L), (await TransferWritesAsync(Topology.Sichuan, journey.Person), await TransferWritesAsync(Topology.Guangdong, journey.Person)));
    }

    private static Task<long> TransferWritesAsync(TopologyCluster cluster, CitizenId person) => LongAsync(cluster.ConnectionString,
        "SELECT version FROM orleans_storage WHERE graintypestring = 'pension-transfer' AND convert_from(payloadbinary, 'UTF8')::jsonb ->> 'citizenId' = @p",
        ("p", person.Value));

    [Fact]
    public async Task OldPlaceRejects_TheNewPlaceSeesTheReason_AndNothingMoves()
    {
        var journey = new CrossProvinceJourney(Topology);
        await journey.InsureInShenzhenThenChengduAsync();
        await journey.ApplyInChengduAsync();
        await WaitForAsync(journey.TransferInGuangdong, TransferStatus.ContactLetterIssued);

        await journey.TransferInGuangdong.RejectAsync(new TransferDecision(Shenzhen, "arrears 2025-11: settle them at the Shenzhen tax bureau, then apply again", ShenzhenClerk));
        var rejected = await WaitForAsync(journey.TransferInSichuan, TransferStatus.Rejected);

        Assert.StartsWith("arrears 2025-11", rejected.RejectionReason, StringComparison.Ordinal);
        Assert.Equal(SegmentStatus.Dormant, (await journey.InGuangdong.GetRecordAsync()).Segments.Single(s => s.City == Shenzhen).Status);
        foreach (var cluster in Topology.All)
        {
            Assert.Equal(0L, await LongAsync(cluster.ConnectionString,
                "SELECT count(*) FROM jinbao_ledger_entries WHERE movement_id LIKE @m", ("m", $"transfer:{journey.Transfer}:%")));
        }

        Assert.Equal(RegionCode.Parse("440000"), (await Topology.National.Grains.GetGrain<IPersonIndexGrain>(journey.Person.Value).GetAsync()).CustodyProvince);
    }

    private async Task WaitForClearingAsync(string key) => Assert.True(await Retry.UntilAsync(
        async () => await Sum(Topology.National, $"movement_id = 'transfer:{key}:clearing' AND amount_fen > 0") > 0, TimeSpan.FromSeconds(30)));

    private Task<long> StatementAsync() => LongAsync(Topology.National.ConnectionString, """
        SELECT coalesce(sum(amount_fen), 0) FROM jinbao_clearing_statements
        WHERE payer = '440000' AND payee = '510000' AND period = to_char((now() AT TIME ZONE 'UTC') + interval '8 hours', 'YYYY-MM')
        """);

    private static Task<long> Sum(TopologyCluster cluster, string where, string? person = null) =>
        LongAsync(cluster.ConnectionString, $"SELECT coalesce(sum(amount_fen), 0) FROM jinbao_ledger_entries WHERE {where}", person is null ? [] : [("p", person)]);

    private static async Task<List<string>> Types(TopologyCluster cluster, string table, string transferKey) =>
        (await Sql.StringsAsync(cluster.ConnectionString, $"SELECT type FROM {table} WHERE document LIKE @k ORDER BY type", ("k", $"%\"transferId\":\"{transferKey}\"%"))).ToList();
}
