using JinBao.IntegrationTests.Infrastructure;
using JinBao.Medical;
using JinBao.Persons;
using JinBao.Primitives;

namespace JinBao.IntegrationTests.Medical;

/// <summary>
/// Group commit under a crash: a silo dies while settlements of many persons are being committed together, batch after
/// batch. Every hospital retries its own bill (same settlement id) until answered, as a city system does.
/// </summary>
[Collection(ProvinceClusterCollection.Name)]
public sealed class SettlementCrashTests(ProvinceClusterFixture fixture)
{
    private static readonly RegionCode Shenzhen = RegionCode.Parse("440300");
    private static readonly RegionCode Beijing = RegionCode.Parse("110100");
    private static readonly Requester ShenzhenSystem = new("city:440300", null);
    private static readonly Requester BeijingHospital = new("city:110100", null);

    [Fact]
    public async Task SiloKilledWhileBatchesCommit_EverySettlementIsPostedOnce_AndTheBooksEqualTheAccounts()
    {
        var database = await fixture.CreateDatabaseAsync("settlement-crash");
        var cluster = await TestClusters.StartAsync(database, silos: 2);
        try
        {
            var persons = Enumerable.Range(0, 24).Select(_ => TestPeople.Next(birthYear: 1960)).ToList();
            foreach (var person in persons)
            {
                await cluster.Client.GetPersonGrain(person).EnrolAsync(new EnrolPerson(Shenzhen, Shenzhen, new DateOnly(2020, 1, 1), ShenzhenSystem));
                await cluster.Client.GetMedicalAccountGrain(person).FileAsync(
                    new FileForCare(new FilingId("long-term"), FilingType.LongTerm, Beijing, new DateOnly(2026, 1, 1), null, ShenzhenSystem));
            }

            // Ten bills each (more than the account keeps in its state), all persons at once, each retried until answered.
            var answered = 0;
            var settling = persons.SelectMany(person => Enumerable.Range(0, 10).Select(i => (person, bill: new SettleBill(
                new SettlementId($"{person.Value[^6..]}-{i}"), Beijing, new DateOnly(2026, 11, 1 + i), false,
                [new FeeLine("B90-INSCOPE", 1, Money.FromYuan(3000 + i))], BeijingHospital))))
                .Select(async work =>
                {
                    var view = await Retry.UntilSucceedsAsync(() => cluster.Client.GetMedicalAccountGrain(work.person).SettleAsync(work.bill), TimeSpan.FromSeconds(90));
                    Interlocked.Increment(ref answered);
                    return view;
                })
                .ToList();

            // Kill a silo once some batches have committed and while others are in flight.
            Assert.True(await Retry.UntilAsync(() => Task.FromResult(Volatile.Read(ref answered) >= 40), TimeSpan.FromSeconds(60)));
            await cluster.KillSiloAsync(cluster.Silos[1]);
            var settled = await Task.WhenAll(settling);

            Assert.Equal(240, settled.DistinctBy(s => s.SettlementId).Count());
            foreach (var person in persons)
            {
                var account = await Retry.UntilSucceedsAsync(() => cluster.Client.GetMedicalAccountGrain(person).GetAsync(), TimeSpan.FromSeconds(60));
                Assert.Equal(10, account.Settlements.Count);
                Assert.Equal(Money.Sum(settled.Where(s => s.SettlementId.Value.StartsWith(person.Value[^6..], StringComparison.Ordinal)).Select(s => s.Decision.FundPays)),
                    account.FundPaidByYear[2026]);
                Assert.Equal(account.FundPaidByYear[2026].Fen, -await Sql.ScalarAsync<long>(database,
                    "SELECT coalesce(sum(amount_fen), 0)::bigint FROM jinbao_ledger_entries WHERE person_id = @p AND account = '440000:medical-fund'", ("p", person.Value)));
            }

            // Nothing twice: one movement (two legs), one audit event and one row per settlement; every movement balances.
            Assert.Equal(480L, await Sql.ScalarAsync<long>(database, "SELECT count(*) FROM jinbao_ledger_entries WHERE kind = 'medical-settlement'"));
            Assert.Equal(240L, await Sql.ScalarAsync<long>(database, "SELECT count(*) FROM jinbao_events WHERE type = 'medical-settled'"));
            Assert.Equal(240L, await Sql.ScalarAsync<long>(database, "SELECT count(*) FROM jinbao_medical_settlements"));
            Assert.Equal(0L, await Sql.ScalarAsync<long>(database, "SELECT count(*) FROM jinbao_ledger_unbalanced_movements"));
        }
        finally
        {
            await cluster.DisposeAsync();
        }
    }
}
