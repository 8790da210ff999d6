using JinBao.Errors;
using JinBao.IntegrationTests.Infrastructure;
using JinBao.Pensions;
using JinBao.Persons;
using JinBao.Primitives;
using JinBao.Transfers;

namespace JinBao.IntegrationTests.Transfers;

/// <summary>Transfers between two city silos of the Guangdong cluster (spec §3.2–§3.5), on PostgreSQL.</summary>
[Collection(ProvinceClusterCollection.Name)]
public sealed class PensionTransferTests(ProvinceClusterFixture fixture)
{
    private static readonly RegionCode Guangzhou = RegionCode.Parse("440100");
    private static readonly RegionCode Shenzhen = RegionCode.Parse("440300");
    private static readonly RegionCode Foshan = RegionCode.Parse("440600");
    private static readonly Requester GuangzhouSystem = new("city:440100", null);
    private static readonly Requester ShenzhenSystem = new("city:440300", null);
    private static readonly Requester FoshanSystem = new("city:440600", null);

    private IGrainFactory Grains => fixture.Cluster.Client;

    [Fact]
    public async Task GuangzhouToShenzhen_SeparatePoolingAreas_CompletesWithFundsMergeAndDuplicateRefund()
    {
        var id = TestPeople.Next(birthYear: 1990);
        var person = Grains.GetPersonGrain(id);
        await person.EnrolAsync(new EnrolPerson(RegionCode.Parse("510100"), Guangzhou, new DateOnly(2024, 1, 1), GuangzhouSystem));
        await person.DeclareMonthsAsync(new YearMonth(2024, 1), 24, 8000, GuangzhouSystem);          // 2024-01..2025-12
        await person.EnrolAsync(new EnrolPerson(RegionCode.Parse("510100"), Shenzhen, new DateOnly(2026, 1, 5), ShenzhenSystem));
        await person.DeclareMonthsAsync(new YearMonth(2025, 12), 4, 9000, ShenzhenSystem);           // 2025-12 paid twice

        var transfer = Grains.GetTransferGrain(TransferId.New());
        var applied = await transfer.ApplyAsync(new ApplyForTransfer(id, Guangzhou, Shenzhen, ShenzhenSystem));
        Assert.Equal(TransferStatus.Applied, applied.Status);
        Assert.Equal(Shenzhen, applied.AwaitingCity);
        Assert.Equal(WorkingDayCalendar.Official.AddWorkingDays(Today(), 15), applied.DueOn);
        Assert.Contains(await Grains.GetAgencyGrain(Shenzhen).GetQueueAsync(), c => c.TransferId == applied.Id && c.AwaitingThisCity);

        var letter = await transfer.ApproveAsync(new TransferDecision(Shenzhen, null, new Requester("clerk:li@440300", null)));
        Assert.Equal(TransferStatus.ContactLetterIssued, letter.Status);
        Assert.Equal(Guangzhou, letter.AwaitingCity);

        var done = await transfer.ApproveAsync(new TransferDecision(Guangzhou, "no arrears", new Requester("clerk:chen@440100", null)));

        Assert.Equal(TransferStatus.Completed, done.Status);
        Assert.Equal(
            [TransferStatus.Applied, TransferStatus.ContactLetterIssued, TransferStatus.CertificateAndFundsSent, TransferStatus.Completed],
            done.Timeline.Select(step => step.Status)); // each step once: the approval is the release step's actor and note
        var released = done.Timeline.Single(step => step.Status == TransferStatus.CertificateAndFundsSent);
        Assert.Equal("clerk:chen@440100", released.Actor);
        Assert.StartsWith("approved at 440100 (no arrears); ", released.Note, StringComparison.Ordinal);
        // spec §3.2: the whole individual account (24 × 640) and 12% × Σ bases (12% × 24 × 8,000) to the fen.
        Assert.Equal(Money.FromYuan(15360), done.Amounts!.IndividualAccount);
        Assert.Equal(Money.FromYuan(23040), done.Amounts.PooledFund);
        Assert.True(done.Amounts.FundsMove);
        Assert.Equal(1, done.DuplicateMonthsRefunded);
        Assert.Equal(Money.FromYuan(640), done.Refunded);                                               // Guangzhou's 2025-12 individual part

        var record = await person.GetRecordAsync();
        var shenzhen = record.Segments.Single(s => s.City == Shenzhen);
        Assert.Equal(27, shenzhen.Months.Count);                                                          // 24 + 4 − 1, each month once
        Assert.Equal(new YearMonth(2024, 1), shenzhen.Months[0].Month);
        Assert.Equal(Guangzhou, shenzhen.Months[0].City);                                                 // where it was actually paid
        Assert.Equal(Money.FromYuan(9000), shenzhen.Months.Single(m => m.Month == new YearMonth(2025, 12)).Base); // the kept relationship's month
        Assert.Equal(Money.FromYuan(2880 + 15360 - 640), shenzhen.IndividualAccountBalance);
        var guangzhou = record.Segments.Single(s => s.City == Guangzhou);
        Assert.Equal(SegmentStatus.TransferredOut, guangzhou.Status);
        Assert.Empty(guangzhou.Months);

        var key = done.Id.ToString();
        Assert.Equal(-1536000, await fixture.CountAsync($"SELECT sum(amount_fen) FROM jinbao_ledger_entries WHERE movement_id = 'transfer:{key}:out' AND account = '440000:individual-account'"));
        Assert.Equal(-2304000, await fixture.CountAsync($"SELECT sum(amount_fen) FROM jinbao_ledger_entries WHERE movement_id = 'transfer:{key}:out' AND account = '440000:pooled-fund'"));
        Assert.Equal(0, await fixture.CountAsync($"SELECT coalesce(sum(amount_fen), 0) FROM jinbao_ledger_entries WHERE movement_id LIKE 'transfer:{key}:%' AND account = '440000:transfer-clearing'"));
        Assert.Equal(2304000, await fixture.CountAsync($"SELECT sum(amount_fen) FROM jinbao_ledger_entries WHERE movement_id = 'transfer:{key}:in' AND account = '440300:pooled-fund'"));
        Assert.Equal(64000, await fixture.CountAsync($"SELECT sum(amount_fen) FROM jinbao_ledger_entries WHERE movement_id = 'transfer:{key}:refund' AND account = '440300:refunds-payable'"));
        Assert.Equal(0, await fixture.CountAsync("SELECT count(*) FROM jinbao_ledger_unbalanced_movements"));
        // Every balance equals its postings: the person's account balances are what the ledger holds for them.
        Assert.Equal(shenzhen.IndividualAccountBalance.Fen, await fixture.CountAsync(
            "SELECT sum(amount_fen) FROM jinbao_ledger_entries WHERE person_id = @p AND account LIKE '%:individual-account'", id.Value));
        Assert.Empty(await Grains.GetAgencyGrain(Shenzhen).GetQueueAsync().ContinueWith(t => t.Result.Where(c => c.TransferId == done.Id).ToList()));
        Assert.Equal(4, await fixture.CountAsync($"SELECT count(*) FROM jinbao_events WHERE stream = 'transfer:{key}'")); // one audit event per step
    }

    [Fact]
    public async Task GuangzhouToFoshan_OnePoolingArea_RecordsMoveAndMoneyDoesNot()
    {
        var id = TestPeople.Next(birthYear: 1992);
        var person = Grains.GetPersonGrain(id);
        await person.EnrolAsync(new EnrolPerson(RegionCode.Parse("440100"), Guangzhou, new DateOnly(2025, 1, 1), GuangzhouSystem));
        var before = await person.DeclareMonthsAsync(new YearMonth(2025, 1), 10, 7000, GuangzhouSystem);
        await person.EnrolAsync(new EnrolPerson(RegionCode.Parse("440100"), Foshan, new DateOnly(2025, 11, 1), FoshanSystem));

        var transfer = Grains.GetTransferGrain(TransferId.New());
        await transfer.ApplyAsync(new ApplyForTransfer(id, Guangzhou, Foshan, FoshanSystem));
        await transfer.ApproveAsync(new TransferDecision(Foshan, null, FoshanSystem));
        var done = await transfer.ApproveAsync(new TransferDecision(Guangzhou, null, GuangzhouSystem));

        Assert.Equal(TransferStatus.Completed, done.Status);
        Assert.False(done.Amounts!.FundsMove);
        var foshan = (await person.GetRecordAsync()).Segments.Single(s => s.City == Foshan);
        Assert.Equal(10, foshan.Months.Count);
        Assert.Equal(before.Segments[0].IndividualAccountBalance, foshan.IndividualAccountBalance);
        Assert.Equal("440000", foshan.PoolingArea);
        Assert.Equal(0, await fixture.CountAsync($"SELECT count(*) FROM jinbao_ledger_entries WHERE movement_id LIKE 'transfer:{done.Id}:%'"));
    }

    [Fact]
    public async Task ApprovalRepeatedUnderItsRequestId_IsAnsweredWithTheTransfer_AnotherRequestIsRefused()
    {
        // A city system's approval whose answer was lost (the API's idempotency record could not be written) comes back
        // under the same Idempotency-Key: the fault suite saw it refused 409 transfer-no-decision-awaited, and stop.
        var id = TestPeople.Next(birthYear: 1987);
        var person = Grains.GetPersonGrain(id);
        await person.EnrolAsync(new EnrolPerson(RegionCode.Parse("510100"), Shenzhen, new DateOnly(2025, 1, 1), ShenzhenSystem));
        await person.DeclareMonthsAsync(new YearMonth(2025, 1), 3, 9000, ShenzhenSystem);
        await person.EnrolAsync(new EnrolPerson(RegionCode.Parse("510100"), Guangzhou, new DateOnly(2025, 9, 1), GuangzhouSystem));
        var transfer = Grains.GetTransferGrain(TransferId.New());
        await transfer.ApplyAsync(new ApplyForTransfer(id, Shenzhen, Guangzhou, GuangzhouSystem));
        await transfer.ApproveAsync(new TransferDecision(Guangzhou, null, GuangzhouSystem));
        var approval = new TransferDecision(Shenzhen, "no arrears", new Requester("city:440300", "key-approve-1"));

        var first = await transfer.ApproveAsync(approval);
        var repeated = await transfer.ApproveAsync(approval);
        var another = await Assert.ThrowsAsync<JinBaoException>(() => transfer.ApproveAsync(approval with { Request = new Requester("city:440300", "key-approve-2") }));

        Assert.Equal(TransferStatus.Completed, first.Status);
        Assert.Equal(first.Timeline.Count, repeated.Timeline.Count); // nothing decided twice
        Assert.Equal(TransferStatus.Completed, repeated.Status);
        Assert.Equal("transfer-no-decision-awaited", another.Code);
        Assert.Equal(1, await fixture.CountAsync($"SELECT count(DISTINCT movement_id) FROM jinbao_ledger_entries WHERE movement_id = 'transfer:{first.Id}:out'"));
    }

    [Fact]
    public async Task OldPlaceRejectsForArrears_TransferEndsRejectedWithReasonAndNothingMoves()
    {
        var id = TestPeople.Next(birthYear: 1991);
        var person = Grains.GetPersonGrain(id);
        await person.EnrolAsync(new EnrolPerson(RegionCode.Parse("510100"), Shenzhen, new DateOnly(2025, 1, 1), ShenzhenSystem));
        await person.DeclareMonthsAsync(new YearMonth(2025, 1), 6, 9000, ShenzhenSystem);
        await person.EnrolAsync(new EnrolPerson(RegionCode.Parse("510100"), Guangzhou, new DateOnly(2025, 9, 1), GuangzhouSystem));
        var transfer = Grains.GetTransferGrain(TransferId.New());
        await transfer.ApplyAsync(new ApplyForTransfer(id, Shenzhen, Guangzhou, GuangzhouSystem));
        await transfer.ApproveAsync(new TransferDecision(Guangzhou, null, GuangzhouSystem));

        var wrongPlace = await Assert.ThrowsAsync<JinBaoException>(() => transfer.ApproveAsync(new TransferDecision(Guangzhou, null, GuangzhouSystem)));
        var noReason = await Assert.ThrowsAsync<JinBaoException>(() => transfer.RejectAsync(new TransferDecision(Shenzhen, " ", ShenzhenSystem)));
        var rejected = await transfer.RejectAsync(new TransferDecision(Shenzhen, "arrears 2025-03: settle them at the Shenzhen tax bureau, then apply again", ShenzhenSystem));

        Assert.Equal("transfer-decision-wrong-place", wrongPlace.Code);
        Assert.Equal("transfer-reject-reason-required", noReason.Code);
        Assert.Equal(TransferStatus.Rejected, rejected.Status);
        Assert.StartsWith("arrears", rejected.RejectionReason);
        Assert.Null(rejected.AwaitingCity);
        var shenzhen = (await person.GetRecordAsync()).Segments.Single(s => s.City == Shenzhen);
        Assert.Equal(SegmentStatus.Dormant, shenzhen.Status);
        Assert.Equal(6, shenzhen.Months.Count);
        Assert.Equal(0, await fixture.CountAsync($"SELECT count(*) FROM jinbao_ledger_entries WHERE movement_id LIKE 'transfer:{rejected.Id}:%'"));
        await Assert.ThrowsAsync<JinBaoException>(() => transfer.ApproveAsync(new TransferDecision(Shenzhen, null, ShenzhenSystem)));
    }

    [Fact]
    public async Task ChengduPolicy_AutoApprovesTheReview()
    {
        var id = TestPeople.Next(birthYear: 1979, addressCode: "510104");
        var person = Grains.GetPersonGrain(id);
        var chengdu = RegionCode.Parse("510100");
        await person.EnrolAsync(new EnrolPerson(RegionCode.Parse("510100"), Shenzhen, new DateOnly(2024, 3, 1), ShenzhenSystem));
        await person.DeclareMonthsAsync(new YearMonth(2024, 3), 12, 9000, ShenzhenSystem);
        await person.EnrolAsync(new EnrolPerson(RegionCode.Parse("510100"), chengdu, new DateOnly(2026, 3, 2), new Requester("city:510100", null)));

        var view = await Grains.GetTransferGrain(TransferId.New()).ApplyAsync(new ApplyForTransfer(id, Shenzhen, chengdu, new Requester("city:510100", "wang-jun")));

        Assert.Equal(TransferStatus.ContactLetterIssued, view.Status);
        Assert.Equal(Shenzhen, view.AwaitingCity);
        Assert.Equal("policy:510100", view.Timeline[1].Actor);
    }

    [Fact]
    public async Task ApplyAtATemporaryAccountPlace_IsRefused_TheRelationshipStays()
    {
        // A man of 52 with hukou in Henan moves from Hangzhou to Shanghai: spec §3.3 temporary account.
        var id = TestPeople.Next(birthYear: 1974, addressCode: "410105");
        var person = Grains.GetPersonGrain(id);
        var hangzhou = RegionCode.Parse("330100");
        var shanghai = RegionCode.Parse("310100");
        await person.EnrolAsync(new EnrolPerson(RegionCode.Parse("410000"), hangzhou, new DateOnly(2017, 1, 1), new Requester("city:330100", null)));
        var record = await person.EnrolAsync(new EnrolPerson(RegionCode.Parse("410000"), shanghai, new DateOnly(2026, 6, 1), new Requester("city:310100", null)));

        Assert.Equal(SegmentKind.Temporary, record.Segments.Single(s => s.City == shanghai).Kind);
        var error = await Assert.ThrowsAsync<JinBaoException>(() =>
            Grains.GetTransferGrain(TransferId.New()).ApplyAsync(new ApplyForTransfer(id, hangzhou, shanghai, new Requester("city:310100", null))));
        Assert.Equal("transfer-temporary-account", error.Code);
    }

    private static DateOnly Today() => DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).DateTime);
}
