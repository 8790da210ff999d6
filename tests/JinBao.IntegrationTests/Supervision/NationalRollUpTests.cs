using JinBao.Persons;
using JinBao.Primitives;
using JinBao.Supervision;

using Microsoft.Extensions.DependencyInjection;

namespace JinBao.IntegrationTests.Supervision;

/// <summary>
/// The national roll-up on three real clusters: each province signs and sends national its figures (a statistics
/// summary through the exchange; national never reads a province's database), and a province's supervisors read
/// every province's latest figures back from national. On a topology of its own: summaries every second would put
/// documents into the shared exchange tests' outboxes.
/// </summary>
public sealed class NationalRollUpTests : IAsyncLifetime
{
    private TestPostgres? _postgres;
    private ExchangeTopology? _topology;

    public async Task InitializeAsync()
    {
        _postgres = await TestPostgres.StartAsync();
        _topology = await ExchangeTopology.StartAsync(_postgres, (_, services) =>
            services.Configure<SupervisionThresholds>(rules => rules.SummaryEverySeconds = 1));
    }

    public async Task DisposeAsync()
    {
        if (_topology is not null)
        {
            await _topology.DisposeAsync();
        }

        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
    }

    [Fact]
    public async Task EachProvincesFigures_ReachNationalSigned_AndEveryProvinceReadsThemBack()
    {
        var topology = _topology!;
        await DeclareAsync(topology.Guangdong.Grains, RegionCode.Parse("440300"), persons: 3, months: 4);
        await DeclareAsync(topology.Sichuan.Grains, RegionCode.Parse("510100"), persons: 2, months: 5);
        var guangdong = topology.Guangdong.Grains.GetGrain<ISupervisionGrain>(SupervisionGrains.Key);
        var sichuan = topology.Sichuan.Grains.GetGrain<ISupervisionGrain>(SupervisionGrains.Key);

        // Each province's figures once counted (17 and 12 events), then national's copy of them, as Sichuan reads it.
        Assert.True(await Retry.UntilAsync(async () => (await guangdong.GetStatisticsAsync()).EventsCounted >= 15 && (await sichuan.GetStatisticsAsync()).EventsCounted >= 12,
            TimeSpan.FromSeconds(60)));
        var (ownGuangdong, ownSichuan) = (await guangdong.GetStatisticsAsync(), await sichuan.GetStatisticsAsync());
        NationalStatisticsView? national = null;
        Assert.True(await Retry.UntilAsync(async () =>
        {
            national = await sichuan.GetNationalAsync();
            return national.Provinces.Any(p => p.Province.Value == "440000" && p.Figures.EventsCounted == ownGuangdong.EventsCounted)
                && national.Provinces.Any(p => p.Province.Value == "510000" && p.Figures.EventsCounted == ownSichuan.EventsCounted);
        }, TimeSpan.FromSeconds(60)), $"national holds {string.Join(", ", national?.Provinces.Select(p => $"{p.Province.Value}: {p.Figures.EventsCounted}") ?? [])}");

        var fromGuangdong = national!.Provinces.Single(p => p.Province.Value == "440000");
        Assert.Equal(Sums(ownGuangdong), Sums(fromGuangdong.Figures));
        Assert.Equal(12, fromGuangdong.Figures.ContributionsByMonth.Sum(m => m.Declarations));
        Assert.Empty(fromGuangdong.Figures.Cities); // a province's per-city rows stay at home
        Assert.Equal(10, national.Provinces.Single(p => p.Province.Value == "510000").Figures.ContributionsByMonth.Sum(m => m.Declarations));

        // Guangdong reads the same roll-up; national's inbox holds the summaries as signed documents it applied.
        Assert.Equal(2, (await guangdong.GetNationalAsync()).Provinces.Count);
        Assert.True(await Sql.ScalarAsync<long>(topology.National.ConnectionString,
            "SELECT count(*) FROM jinbao_inbox WHERE type = 'statistics-summary' AND outcome = 'applied'") >= 2);
    }

    private static (long Declarations, long Individual, long Pooled) Sums(StatisticsView figures) =>
        (figures.ContributionsByMonth.Sum(m => m.Declarations), figures.ContributionsByMonth.Sum(m => m.IndividualFen), figures.ContributionsByMonth.Sum(m => m.PooledFen));

    private static async Task DeclareAsync(IGrainFactory grains, RegionCode city, int persons, int months)
    {
        var request = new Requester($"city:{city.Value}/test", null);
        for (var i = 0; i < persons; i++)
        {
            var id = TestPeople.Next(addressCode: city.Value[..4] + "04");
            var person = grains.GetPersonGrain(id);
            await person.EnrolAsync(new EnrolPerson(city, city, new DateOnly(2025, 1, 1), request));
            await person.DeclareMonthsAsync(new YearMonth(2025, 1), months, 9000, request);
        }
    }
}
