using FsCheck.Xunit;

using JinBao.Clearing;
using JinBao.Exchange;
using JinBao.Pensions;
using JinBao.Primitives;
using JinBao.Transfers;

namespace JinBao.UnitTests.Clearing;

/// <summary>
/// The national clearing of a transfer's funds, taken from the certificate national forwards (or from a 清算单 a
/// province on the previous version still sends): either document posts the same one balanced movement, so a transfer
/// whose two documents both arrive is cleared exactly once.
/// </summary>
public sealed class FundsClearingProperties
{
    private const string Citizen = "440304198805120015";
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(8));

    [Property(MaxTest = 200)]
    public bool CertificateAndLegacyClearing_PostTheSameBalancedMovement(uint individualFen, uint pooledFen)
    {
        var transfer = TransferId.New();
        var (individual, pooled) = (new Money(individualFen % 50_000_000), new Money(pooledFen % 50_000_000));
        var fromCertificate = FundsClearing.Decide(Certificate(transfer, individual, pooled, fundsMove: true), Now);
        var fromLegacy = FundsClearing.Decide(Legacy(transfer, individual, pooled), Now);

        if (individual + pooled == Money.Zero)
        {
            return fromCertificate.Effects is null && fromLegacy.Effects is null; // nothing to clear
        }

        var (a, b) = (fromCertificate.Effects!, fromLegacy.Effects!);
        return a.Movements.Single().MovementId == b.Movements.Single().MovementId
            && a.Movements.Single().Legs.SequenceEqual(b.Movements.Single().Legs)
            && Money.Sum(a.Movements.Single().Legs.Select(l => l.Amount)) == Money.Zero
            && a.Movements.Single().Legs.Single(l => l.Amount.IsNegative).Account == "440000:clearing"
            && a.Events.Single().EventId == b.Events.Single().EventId;
    }

    [Fact]
    public void ACertificateThatMovesNoFunds_OrFromAnotherProvince_PostsNothing()
    {
        var transfer = TransferId.New();
        var noFunds = FundsClearing.Decide(Certificate(transfer, Money.FromYuan(10), Money.FromYuan(20), fundsMove: false), Now);
        var forged = FundsClearing.Decide(Certificate(transfer, Money.FromYuan(10), Money.FromYuan(20), fundsMove: true) with { Sender = "prov-320000" }, Now);

        Assert.Null(noFunds.Effects);
        Assert.Null(forged.Effects);
        Assert.StartsWith("ignored", forged.Outcome, StringComparison.Ordinal);
    }

    private static ExchangeDocument Certificate(TransferId transfer, Money individual, Money pooled, bool fundsMove)
    {
        var certificate = new TransferCertificate(transfer, RegionCode.Parse("440300"), "440300", "510100", SegmentKind.Regular, [], individual, pooled, fundsMove);
        return Document(DocumentTypes.CertificateAndFunds, "prov-510000", transfer, new CertificatePayload(certificate, "clerk:chen@440300"));
    }

    private static ExchangeDocument Legacy(TransferId transfer, Money individual, Money pooled) =>
        Document(DocumentTypes.FundsClearing, "national", transfer,
            new FundsClearingPayload(RegionCode.Parse("440000"), RegionCode.Parse("510000"), "440300", "510100", individual, pooled));

    private static ExchangeDocument Document<T>(string type, string receiver, TransferId transfer, T payload)
    {
        var outgoing = ExchangeJson.Create(DocumentIds.ForTransfer(transfer, type), type, receiver, Citizen, transfer.ToString(), payload, Now);
        return new ExchangeDocument(outgoing.DocumentId, type, "prov-440000", receiver, Citizen, transfer.ToString(), outgoing.Payload, Now, "");
    }
}
