using JinBao.Clearing;
using JinBao.Grains.Clearing;
using JinBao.IntegrationTests.Infrastructure;
using JinBao.Medical;
using JinBao.Persons;
using JinBao.Primitives;

using Microsoft.Extensions.DependencyInjection;

namespace JinBao.IntegrationTests.Medical;

/// <summary>
/// The national clearing of a province pair under load: settlements arriving together are posted together (one
/// transaction for those that queued behind a commit), in order, and still each exactly once, with the advance
/// topped up as if they had come one by one.
/// </summary>
[Collection(ProvinceClusterCollection.Name)]
public sealed class MedicalClearingBatchTests(ProvinceClusterFixture fixture)
{
    private const int Patients = 48;
    private static readonly RegionCode Shenzhen = RegionCode.Parse("440300");
    private static readonly RegionCode Chengdu = RegionCode.Parse("510100");
    private static readonly Requester Hospital = new("city:510100/hospital-1", null);

    [Fact]
    public async Task SettlementsArrivingTogether_ArePostedTogether_EachOnce_WithTheAdvanceToppedUpInOrder()
    {
        var database = await fixture.CreateDatabaseAsync("clearing-batch");
        await using var cluster = await TestClusters.StartAsync(database, 2, configure:
            silo => silo.Services.Configure<MedicalPrepaymentOptions>(o => o.MinimumAdvanceYuan = 100_000));
        var grains = cluster.Client;
        var today = ChinaTime.DateOf(DateTimeOffset.UtcNow);
        var persons = Enumerable.Range(0, Patients).Select(_ => TestPeople.Next(birthYear: 1965, addressCode: "440304")).ToList();
        foreach (var person in persons)
        {
            await grains.GetPersonGrain(person).EnrolAsync(new EnrolPerson(Shenzhen, Shenzhen, new DateOnly(2020, 1, 1), Hospital));
            await grains.GetMedicalAccountGrain(person).FileAsync(new FileForCare(new FilingId("home"), FilingType.LongTerm, Chengdu, new DateOnly(today.Year, 1, 1), null, Hospital));
        }

        // Every patient is discharged at once: the fund pays a few thousand each, several top-ups of the 100,000 advance.
        var settled = await Task.WhenAll(persons.Select(person =>
        {
            var bill = new SettleBill(new SettlementId($"P-{Guid.NewGuid():N}"), Chengdu, today, false, [new FeeLine("S90-INSCOPE", 1, Money.FromYuan(8_000))], Hospital);
            return grains.GetMedicalSettlementGrain(bill.SettlementId).SettleAsync(new SettleForPatient(person, bill));
        }));

        // Replays, concurrent with each other: nothing more is posted.
        var clearing = grains.GetGrain<IMedicalClearingGrain>(MedicalClearingGrain.KeyOf(Shenzhen, Chengdu));
        await Task.WhenAll(settled.Concat(settled).Select(s => clearing.RecordAsync(s.Settlement)));

        Assert.Equal(Patients, await CountAsync(database, "SELECT count(DISTINCT movement_id) FROM jinbao_ledger_entries WHERE movement_id LIKE 'medical-paid:%' AND kind = 'medical-settlement'"));
        Assert.Equal(0, await CountAsync(database, "SELECT count(*) FROM jinbao_ledger_unbalanced_movements"));

        // Top-ups numbered 1..k without a gap, and none due at the end: each was decided on the position before it.
        var topUps = await Sql.StringsAsync(database, "SELECT DISTINCT movement_id FROM jinbao_ledger_entries WHERE kind = 'medical-topup' ORDER BY 1");
        Assert.NotEmpty(topUps);
        Assert.Equal(Enumerable.Range(1, topUps.Count).Select(n => $"medical-topup:440000:510000:{n}").Order(StringComparer.Ordinal), topUps);
        var advanced = await CountAsync(database,
            "SELECT coalesce(sum(amount_fen), 0)::bigint FROM jinbao_ledger_entries WHERE account = '440000:medical-prepaid:510000' AND kind IN ('medical-advance', 'medical-topup')");
        var balance = await CountAsync(database, "SELECT sum(amount_fen)::bigint FROM jinbao_ledger_entries WHERE account = '440000:medical-prepaid:510000'");
        var fundPaid = settled.Sum(s => s.Settlement.Decision.FundPays.Fen);
        Assert.Equal(advanced - fundPaid, balance);
        Assert.True(advanced - balance <= advanced * 7 / 10, $"used {advanced - balance} of {advanced}: a top-up was due and not made");

        // Batched: some transaction posted more than one settlement (they queued behind a commit), so fewer commits than settlements.
        Assert.True(await CountAsync(database, """
            SELECT max(n) FROM (SELECT count(*) AS n FROM jinbao_ledger_entries WHERE movement_id LIKE 'medical-paid:%' AND kind = 'medical-settlement' AND leg = 0 GROUP BY xmin::text) t
            """) > 1, "every settlement had a transaction of its own");
    }

    private static Task<long> CountAsync(string database, string sql) => Sql.ScalarAsync<long>(database, sql);
}
