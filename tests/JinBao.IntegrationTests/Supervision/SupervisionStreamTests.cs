using FsCheck.Xunit;

using JinBao.Drawing;
using JinBao.Errors;
using JinBao.IntegrationTests.Infrastructure;
using JinBao.Medical;
using JinBao.Persons;
using JinBao.Primitives;
using JinBao.Supervision;
using JinBao.Transfers;

using Orleans.Runtime;
using Orleans.TestingHost;

namespace JinBao.IntegrationTests.Supervision;

/// <summary>
/// The business-event stream on a real two-silo cluster and PostgreSQL: after random histories the live roll-ups equal
/// SQL over the ledger and the event log, and a recount of the log gives the same; a silo killed while events flow
/// loses none and counts none twice.
/// </summary>
[Collection(ProvinceClusterCollection.Name)]
public sealed class SupervisionStreamTests(ProvinceClusterFixture fixture) : IAsyncLifetime
{
    private static readonly RegionCode Guangzhou = RegionCode.Parse("440100");
    private static readonly RegionCode Shenzhen = RegionCode.Parse("440300");
    private static readonly RegionCode Chengdu = RegionCode.Parse("510100");
    private static readonly Requester City = new("city:440300/test", null);

    private readonly List<CitizenId> _persons = [];
    private readonly List<SettlementId> _settlements = [];
    private readonly List<CitizenId> _retirees = [];
    private string _database = "";
    private InProcessTestCluster? _cluster;
    private int _runs;

    private IClusterClient Grains => _cluster!.Client;

    public async Task InitializeAsync()
    {
        _database = await fixture.CreateDatabaseAsync("supervision");
        _cluster = await TestClusters.StartAsync(_database, silos: 2);
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    [Property(MaxTest = 4, EndSize = 30)]
    public async Task<bool> RandomHistories_RollUpsEqualTheLedgerAndTheLog_AndARecount(byte[] script)
    {
        foreach (var step in script)
        {
            await StepAsync(step);
        }

        var live = await SupervisionTruth.CountedAsync(_cluster!, _database, TimeSpan.FromSeconds(60));
        await SupervisionTruth.AssertMatchesAsync(_cluster!, _database, live);
        return true;
    }

    [Fact]
    public async Task KillingTheCountingSilo_WhileEventsFlow_LosesNoneAndCountsNoneTwice()
    {
        var people = new List<CitizenId>();
        for (var i = 0; i < 12; i++)
        {
            people.Add(await EnrolAsync(i % 2 == 0 ? Guangzhou : Shenzhen));
        }

        await SupervisionTruth.CountedAsync(_cluster!, _database, TimeSpan.FromSeconds(60)); // the grain is active, counting
        using var stop = new CancellationTokenSource();
        var declared = 0;
        var load = Task.Run(async () =>
        {
            for (var month = new YearMonth(2024, 1); !stop.IsCancellationRequested && month < new YearMonth(2026, 12); month = month.AddMonths(1))
            {
                foreach (var person in people)
                {
                    var declaration = new DeclareContribution(new DeclarationId($"{person.Value}-{month}"), month, Money.FromYuan(9_000), City);
                    // A call caught by the kill is repeated (same declaration id: applied once), as a city system would.
                    await Retry.UntilSucceedsAsync(() => Grains.GetPersonGrain(person).DeclareContributionAsync(declaration), TimeSpan.FromSeconds(90));
                    Interlocked.Increment(ref declared);
                }
            }
        });

        await Task.Delay(TimeSpan.FromSeconds(3));
        var supervision = Grains.GetGrain<ISupervisionGrain>(SupervisionGrains.Key);
        Assert.True(_cluster!.TryGetGrainContext(supervision.GetGrainId(), out var context), "the supervision grain should be active");
        var victim = _cluster.Silos.Single(silo => silo.SiloAddress.Equals(context!.Address.SiloAddress));
        await _cluster.KillSiloAsync(victim);
        await Task.Delay(TimeSpan.FromSeconds(8));
        await stop.CancelAsync();
        await load;

        Assert.True(declared > 50, $"only {declared} declarations flowed");
        var live = await SupervisionTruth.CountedAsync(_cluster, _database, TimeSpan.FromSeconds(120));
        await SupervisionTruth.AssertMatchesAsync(_cluster, _database, live);
        Assert.True(_cluster.TryGetGrainContext(supervision.GetGrainId(), out var moved));
        Assert.NotEqual(victim.SiloAddress, moved!.Address.SiloAddress);
    }

    private async Task StepAsync(byte step)
    {
        var random = new Random(step * 7919 + _persons.Count);
        try
        {
            switch (step % 8)
            {
                case 0:
                case 1:
                    _persons.Add(await EnrolAsync(random.Next(2) == 0 ? Guangzhou : Shenzhen));
                    break;
                case 2:
                case 3 when _persons.Count > 0:
                    var person = Pick(random, _persons) ?? await EnrolAsync(Shenzhen);
                    var month = new YearMonth(2024 + random.Next(2), 1 + random.Next(12));
                    await Grains.GetPersonGrain(person).DeclareContributionAsync(
                        new DeclareContribution(new DeclarationId($"d-{Guid.NewGuid():N}"), month, Money.FromYuan(random.Next(3_000, 40_000)), City));
                    break;
                case 4:
                    await TransferAsync(random);
                    break;
                case 5:
                    await SettleAsync(random);
                    break;
                case 6 when _settlements.Count > 0:
                    var settlement = _settlements[random.Next(_settlements.Count)];
                    _settlements.Remove(settlement);
                    await Grains.GetMedicalSettlementGrain(settlement).ReverseAsync(new Requester("city:510100/hospital", null), "test reversal");
                    break;
                default:
                    await RetireDieOrPayAsync(random);
                    break;
            }
        }
        catch (JinBaoException)
        {
            // A refused command (a month declared twice, a death before a retirement…) changes nothing: part of the history too.
        }
    }

    private async Task<CitizenId> EnrolAsync(RegionCode city)
    {
        var id = TestPeople.Next(birthYear: 1980 + _persons.Count % 15);
        await Grains.GetPersonGrain(id).EnrolAsync(new EnrolPerson(city, city, new DateOnly(2024, 1, 1), City));
        return id;
    }

    /// <summary>A Guangzhou contributor moves to Shenzhen and asks for the transfer; the new place decides, or not yet.</summary>
    private async Task TransferAsync(Random random)
    {
        var id = await EnrolAsync(Guangzhou);
        var person = Grains.GetPersonGrain(id);
        await person.DeclareContributionAsync(new DeclareContribution(new DeclarationId($"t-{Guid.NewGuid():N}"), new YearMonth(2024, 3), Money.FromYuan(9_000), City));
        await person.EnrolAsync(new EnrolPerson(Guangzhou, Shenzhen, new DateOnly(2025, 1, 1), City));
        var transfer = Grains.GetTransferGrain(TransferId.New());
        await transfer.ApplyAsync(new ApplyForTransfer(id, Guangzhou, Shenzhen, City));
        switch (random.Next(3))
        {
            case 0:
                await transfer.ApproveAsync(new TransferDecision(Shenzhen, null, City));
                break;
            case 1:
                await transfer.RejectAsync(new TransferDecision(Shenzhen, "incomplete", City));
                break;
        }
    }

    private async Task SettleAsync(Random random)
    {
        var person = await EnrolAsync(Shenzhen);
        var hospital = new Requester("city:510100/hospital", null);
        await Grains.GetMedicalAccountGrain(person).FileAsync(new FileForCare(new FilingId("home"), FilingType.LongTerm, Chengdu, new DateOnly(2026, 1, 1), null, hospital));
        var bill = new SettleBill(new SettlementId($"S-{Guid.NewGuid():N}"), Chengdu, new DateOnly(2026, 11, 2), false,
            [new FeeLine("S90-INSCOPE", 1, Money.FromYuan(random.Next(500, 30_000)))], hospital);
        await Grains.GetMedicalSettlementGrain(bill.SettlementId).SettleAsync(new SettleForPatient(person, bill));
        _settlements.Add(bill.SettlementId);
    }

    /// <summary>A retirement, a death of an earlier retiree (possibly after months paid for), or the next payment run.</summary>
    private async Task RetireDieOrPayAsync(Random random)
    {
        switch (random.Next(3))
        {
            case 0:
                var id = TestPeople.Next(birthYear: 1974, female: true);
                var person = Grains.GetPersonGrain(id);
                await person.EnrolAsync(new EnrolPerson(Shenzhen, Shenzhen, new DateOnly(2011, 11, 1), City));
                await person.DeclareMonthsAsync(new YearMonth(2011, 11), 180, 8000, City);
                await person.RetireAsync(new RetirePerson(new DateOnly(2026, 11, 1), false, City, "icbc", "6222020012345678", Chengdu));
                _retirees.Add(id);
                break;
            case 1 when _retirees.Count > 0:
                var deceased = _retirees[random.Next(_retirees.Count)];
                _retirees.Remove(deceased);
                await Grains.GetPersonGrain(deceased).NotifyDeathAsync(new NotifyDeath(DeathSource.CivilAffairs, new DateOnly(2026, 11, 20), City));
                break;
            default:
                var month = new YearMonth(2026, 11).AddMonths(_runs++);
                var payments = Grains.GetPaymentsGrain(RegionCode.Parse("440000"));
                await payments.StartRunAsync(month, City);
                Assert.True(await Retry.UntilAsync(async () => (await payments.GetRunAsync(month)).Status == "completed", TimeSpan.FromSeconds(60)));
                break;
        }
    }

    private static CitizenId? Pick(Random random, List<CitizenId> from) => from.Count == 0 ? null : from[random.Next(from.Count)];
}
