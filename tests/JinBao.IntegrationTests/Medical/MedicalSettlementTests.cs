using JinBao.IntegrationTests.Infrastructure;
using JinBao.Medical;
using JinBao.Persons;
using JinBao.Primitives;

namespace JinBao.IntegrationTests.Medical;

[Collection(ProvinceClusterCollection.Name)]
public sealed class MedicalSettlementTests(ProvinceClusterFixture fixture)
{
    /// <summary>Two care places settle for one person at once: the person's grain takes them one at a time, so the
    /// accumulators are exact and the cap is never passed, however the calls interleave.</summary>
    [Fact]
    public async Task ConcurrentSettlementsFromTwoCarePlaces_KeepTheAccumulatorsExact()
    {
        var id = TestPeople.Next(birthYear: 1958);
        var shenzhen = RegionCode.Parse("440300");
        var beijing = RegionCode.Parse("110100");
        var chengdu = RegionCode.Parse("510100");
        var request = new Requester("city:440300", null);
        await fixture.Cluster.Client.GetPersonGrain(id).EnrolAsync(new EnrolPerson(shenzhen, shenzhen, new DateOnly(2020, 1, 1), request));
        var account = fixture.Cluster.Client.GetMedicalAccountGrain(id);
        await account.FileAsync(new FileForCare(new FilingId("long-term"), FilingType.LongTerm, beijing, new DateOnly(2026, 1, 1), null, request));
        await account.FileAsync(new FileForCare(new FilingId("referral"), FilingType.Referral, chengdu, new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31), request));

        var bills = Enumerable.Range(0, 24).Select(i => new SettleBill(
            new SettlementId($"{id.Masked}-{i}"), i % 2 == 0 ? beijing : chengdu, new DateOnly(2026, 11, 1 + (i % 20)), false,
            [new FeeLine(i % 2 == 0 ? "B90-INSCOPE" : "S90-INSCOPE", 1, Money.FromYuan(40000 + (i * 1000)))], new Requester(i % 2 == 0 ? "city:110100" : "city:510100", null))).ToList();
        var results = await Task.WhenAll(bills.Select(account.SettleAsync).Concat(bills.Take(4).Select(account.SettleAsync))); // with replays

        var view = await account.GetAsync();
        var distinct = results.DistinctBy(r => r.SettlementId).ToList();
        Assert.Equal(24, view.Settlements.Count);
        Assert.Equal(Money.Sum(distinct.Select(r => r.Decision.FundPays)), view.FundPaidByYear[2026]);
        Assert.Equal(Money.FromYuan(600000), view.FundPaidByYear[2026]);                                  // Shenzhen's cap, reached exactly
        Assert.Equal(Money.FromYuan(1000), view.DeductibleUsedByYear[2026]);                             // once a year
        Assert.Equal(Money.FromYuan(1000), Money.Sum(distinct.Select(r => r.Decision.DeductibleApplied)));
        Assert.Equal(view.FundPaidByYear[2026].Fen, -await fixture.CountAsync(
            "SELECT sum(amount_fen) FROM jinbao_ledger_entries WHERE person_id = @p AND account = '440000:medical-fund'", id.Value));
        Assert.Equal(0, await fixture.CountAsync("SELECT count(*) FROM jinbao_ledger_unbalanced_movements"));
    }

    /// <summary>The account keeps the insuring city it was told; a move to another city of the province tells it anew.</summary>
    [Fact]
    public async Task PersonMovingToAnotherCityOfTheProvince_IsSettledAsInsuredThereAtOnce()
    {
        var id = TestPeople.Next(birthYear: 1970);
        var (shenzhen, guangzhou, beijing) = (RegionCode.Parse("440300"), RegionCode.Parse("440100"), RegionCode.Parse("110100"));
        var person = fixture.Cluster.Client.GetPersonGrain(id);
        await person.EnrolAsync(new EnrolPerson(shenzhen, shenzhen, new DateOnly(2020, 1, 1), new Requester("city:440300", null)));
        var account = fixture.Cluster.Client.GetMedicalAccountGrain(id);
        await account.FileAsync(new FileForCare(new FilingId("long-term"), FilingType.LongTerm, beijing, new DateOnly(2026, 1, 1), null, new Requester("city:440300", null)));
        SettleBill Bill(string suffix) => new(new SettlementId($"{id.Masked}-move-{suffix}"), beijing, new DateOnly(2026, 11, 2), false,
            [new FeeLine("B90-INSCOPE", 1, Money.FromYuan(3000))], new Requester("city:110100", null));

        Assert.Equal(shenzhen, (await account.SettleAsync(Bill("before"))).InsuringCity);
        await person.EnrolAsync(new EnrolPerson(shenzhen, guangzhou, new DateOnly(2026, 11, 10), new Requester("city:440100", null)));

        Assert.Equal(guangzhou, (await account.SettleAsync(Bill("after"))).InsuringCity);
    }
}
