using JinBao.Errors;
using JinBao.Exchange;
using JinBao.Pensions;
using JinBao.Persons;
using JinBao.Primitives;
using JinBao.Transfers;

namespace JinBao.UnitTests.Transfers;

/// <summary>The saga across two province clusters: the same transfer id, each side deciding for its own cities, documents in between.</summary>
public sealed class TransferProcessExchangeTests
{
    private static readonly RegionCode Shenzhen = RegionCode.Parse("440300");
    private static readonly RegionCode Chengdu = RegionCode.Parse("510100");
    private static readonly JinBaoCluster Guangdong = JinBaoCluster.OfProvince(RegionCode.Parse("440000"));
    private static readonly JinBaoCluster Sichuan = JinBaoCluster.OfProvince(RegionCode.Parse("510000"));
    private static readonly CitizenId Person = CitizenId.Create("510104", new DateOnly(1979, 5, 1), 11);
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(8));

    private readonly TransferId _id = TransferId.New();
    private readonly TransferState _new = new();
    private readonly TransferState _old = new();

    [Fact]
    public void FullRound_EachSideSendsTheNextDocument_AndBothEndCompleted()
    {
        var letter = Single(Applied(), DocumentTypes.ContactLetter);
        Assert.Equal(("prov-440000", DocumentIds.ForTransfer(_id, DocumentTypes.ContactLetter)), (letter.Receiver, letter.DocumentId));

        Assert.Equal("applied", Old().Receive(From(Sichuan, letter)));
        Assert.Equal((TransferStatus.ContactLetterIssued, Shenzhen), (_old.Status, Old().AwaitingCity!.Value));
        Assert.Equal("duplicate", Old().Receive(From(Sichuan, letter)));

        Old().Approve(new TransferDecision(Shenzhen, "no arrears", new Requester("clerk:chen@440300", null)));
        Assert.Equal(PendingWork.Release, _old.Pending);
        Old().Released(Certificate());
        Assert.Equal((TransferStatus.CertificateAndFundsSent, PendingWork.None), (_old.Status, _old.Pending));
        var certificate = Single(_old, DocumentTypes.CertificateAndFunds);
        Assert.Equal("prov-510000", certificate.Receiver);
        // No 清算单 of its own: national posts the funds from the certificate it forwards.
        Assert.DoesNotContain(_old.Effects.Documents, d => d.Receiver == JinBaoCluster.NationalId);

        Assert.Equal("applied", New().Receive(From(Guangdong, certificate)));
        Assert.Equal((TransferStatus.CertificateAndFundsSent, PendingWork.Merge), (_new.Status, _new.Pending));
        New().Merged(new MergeResult(_id, 2, 0, Money.Zero));
        Assert.Equal(TransferStatus.Completed, _new.Status);
        var acknowledgement = Single(_new, DocumentTypes.Acknowledgement);
        // Nor a custody-moved document: national moves custody as it forwards the acknowledgement.
        Assert.DoesNotContain(_new.Effects.Documents, d => d.Receiver == JinBaoCluster.NationalId);

        Assert.Equal("applied", Old().Receive(From(Sichuan, acknowledgement)));
        Assert.Equal(TransferStatus.Completed, _old.Status);
        Assert.Equal(2, _old.Merge!.MonthsMerged);
    }

    [Fact]
    public void DecisionsForTheOtherProvince_AndCancellingAfterTheLetter_AreRefused()
    {
        Applied();

        var decision = Assert.Throws<JinBaoException>(() => New().Approve(new TransferDecision(Shenzhen, null, new Requester("clerk", null))));
        var cancel = Assert.Throws<JinBaoException>(() => New().Cancel(new TransferDecision(Chengdu, null, new Requester("city:510100", null))));

        Assert.Equal("transfer-decision-other-province", decision.Code);
        Assert.Equal("transfer-cancel-letter-sent", cancel.Code);
        Assert.False(New().CheckDeadline()); // the old province escalates its own step
    }

    [Fact]
    public void DocumentsFromAClusterWithNoSayInTheStep_AreIgnored()
    {
        var letter = Single(Applied(), DocumentTypes.ContactLetter);

        Assert.StartsWith("ignored", Old().Receive(From(JinBaoCluster.OfProvince(RegionCode.Parse("320000")), letter)), StringComparison.Ordinal);
        Assert.False(_old.IsApplied);
        var earlyAcknowledgement = ExchangeJson.Create(DocumentId.New(), DocumentTypes.Acknowledgement, "prov-510000", Person.Value,
            _id.ToString(), new AcknowledgementPayload(new MergeResult(_id, 1, 0, Money.Zero), Chengdu), Now);
        Assert.StartsWith("ignored", New().Receive(From(Guangdong, earlyAcknowledgement)), StringComparison.Ordinal);
        var malformed = Assert.Throws<JinBaoException>(() => New().Receive(From(Guangdong, earlyAcknowledgement with { DocumentId = DocumentId.New(), Payload = "{}" })));
        Assert.Equal("document-payload-invalid", malformed.Code);
        Assert.Equal(TransferStatus.ContactLetterIssued, _new.Status);
    }

    [Fact]
    public void OldPlaceRejects_TheNewPlaceEndsRejectedWithTheReason()
    {
        Old().Receive(From(Sichuan, Single(Applied(), DocumentTypes.ContactLetter)));

        Old().Reject(new TransferDecision(Shenzhen, "arrears 2025-11: settle them first", new Requester("clerk:chen@440300", null)));
        Assert.Equal("applied", New().Receive(From(Guangdong, Single(_old, DocumentTypes.RejectionNotice))));

        Assert.Equal((TransferStatus.Rejected, "arrears 2025-11: settle them first"), (_new.Status, _new.RejectionReason));
    }

    private TransferState Applied()
    {
        New().Apply(Person, new ApplyForTransfer(Person, Shenzhen, Chengdu, new Requester("city:510100", "k")));
        New().Approve(new TransferDecision(Chengdu, null, new Requester("policy:510100", null)));
        return _new;
    }

    private TransferCertificate Certificate() => new(_id, Shenzhen, "440300", "510000", SegmentKind.Regular,
        [new(new YearMonth(2026, 1), Money.FromYuan(9000), Money.FromYuan(720), Money.FromYuan(1440), Shenzhen),
         new(new YearMonth(2026, 2), Money.FromYuan(9000), Money.FromYuan(720), Money.FromYuan(1440), Shenzhen)],
        Money.FromYuan(1440), Money.FromYuan(2160), FundsMove: true);

    private TransferProcess New() => new(_id, _new, WorkingDayCalendar.Official, Now, Sichuan);

    private TransferProcess Old() => new(_id, _old, WorkingDayCalendar.Official, Now, Guangdong);

    private static OutgoingDocument Single(TransferState state, string type) => Assert.Single(state.Effects.Documents, d => d.Type == type);

    private static ExchangeDocument From(JinBaoCluster sender, OutgoingDocument document) =>
        new(document.DocumentId, document.Type, sender.Id, document.Receiver, document.CitizenId, document.TransferId, document.Payload, document.CreatedAt, "");
}
