using JinBao.Drawing;
using JinBao.Errors;
using JinBao.Grains.Drawing;
using JinBao.Persons;
using JinBao.Primitives;
using JinBao.Supervision;

using Microsoft.Extensions.DependencyInjection;

using Npgsql;

namespace JinBao.IntegrationTests.Supervision;

/// <summary>
/// The national roll-up on three real clusters: each province signs and sends national its figures (a statistics
/// summary through the exchange; national never reads a province's database), and a province's supervisors read
/// every province's latest figures back from national. On a topology of its own: summaries every second would put
/// documents into the shared exchange tests' outboxes.
/// </summary>
public sealed class NationalRollUpTests(NationalRollUpTests.Topology fixture) : IClassFixture<NationalRollUpTests.Topology>
{
    private static readonly Requester System = new("system:test", null);

    /// <summary>The three clusters, shared by this class's tests.</summary>
    public sealed class Topology : IAsyncLifetime
    {
        private TestPostgres? _postgres;

        public ExchangeTopology Clusters { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            _postgres = await TestPostgres.StartAsync();
            Clusters = await ExchangeTopology.StartAsync(_postgres, (_, services) =>
                services.Configure<SupervisionThresholds>(rules => rules.SummaryEverySeconds = 1));
        }

        public async Task DisposeAsync()
        {
            if (Clusters is not null)
            {
                await Clusters.DisposeAsync();
            }

            if (_postgres is not null)
            {
                await _postgres.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task EachProvincesFigures_ReachNationalSigned_AndEveryProvinceReadsThemBack()
    {
        var topology = fixture.Clusters;
        await DeclareAsync(topology.Guangdong.Grains, RegionCode.Parse("440300"), persons: 3, months: 4);
        await DeclareAsync(topology.Sichuan.Grains, RegionCode.Parse("510100"), persons: 2, months: 5);
        var guangdong = topology.Guangdong.Grains.GetGrain<ISupervisionGrain>(SupervisionGrains.Key);
        var sichuan = topology.Sichuan.Grains.GetGrain<ISupervisionGrain>(SupervisionGrains.Key);

        // Each province's figures once every event of its log is counted (the class's other test may have written
        // some first), then national's copy of them, as Sichuan reads it.
        Assert.True(await Retry.UntilAsync(async () =>
            (await guangdong.GetStatisticsAsync()).EventsCounted == await Sql.ScalarAsync<long>(topology.Guangdong.ConnectionString, "SELECT count(*) FROM jinbao_events")
            && (await sichuan.GetStatisticsAsync()).EventsCounted == await Sql.ScalarAsync<long>(topology.Sichuan.ConnectionString, "SELECT count(*) FROM jinbao_events"),
            TimeSpan.FromSeconds(60)));
        var (ownGuangdong, ownSichuan) = (await guangdong.GetStatisticsAsync(), await sichuan.GetStatisticsAsync());
        NationalStatisticsView? national = null;
        Assert.True(await Retry.UntilAsync(async () =>
        {
            national = await sichuan.GetNationalAsync();
            return national.Provinces.Any(p => p.Province.Value == "440000" && Sums(p.Figures) == Sums(ownGuangdong))
                && national.Provinces.Any(p => p.Province.Value == "510000" && Sums(p.Figures) == Sums(ownSichuan));
        }, TimeSpan.FromSeconds(60)), $"national holds {string.Join(", ", national?.Provinces.Select(p => $"{p.Province.Value}: {Sums(p.Figures)}") ?? [])}");

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

    [Fact]
    public async Task ANationalAdjustmentReachesEveryProvincesNextRun_AndAPersonPaidByBothIsAlertedInBoth()
    {
        var topology = fixture.Clusters;
        var guangdong = RegionCode.Parse("440000");
        var sichuan = RegionCode.Parse("510000");
        var january = new YearMonth(2027, 1);
        Assert.Equal(40, await SeedPayeesAsync(topology.Guangdong.ConnectionString, guangdong, 40));
        Assert.Equal(25, await SeedPayeesAsync(topology.Sichuan.ConnectionString, sichuan, 25));

        // Entered once at national: sent to both provinces in the same write.
        var national = topology.National.Grains.GetGrain<INationalAdjustmentGrain>(INationalAdjustmentGrain.Key);
        var rule = new AdjustmentRuleView(0, "all", january, 2.5m, Money.FromYuan(10m), "人社部发〔2027〕12号");
        var entered = await national.EnterAsync(rule, new Requester("admin:ministry@national", "r-1"));
        Assert.Equal(["prov-440000", "prov-510000"], entered.SentTo);

        // Entered again, it is the same entry (nothing sent twice); another rule for the month is refused; a province
        // cannot enter one for every province, nor national a rule of one province's scope.
        var again = await national.EnterAsync(rule, new Requester("admin:ministry@national", "r-2"));
        Assert.Equal((entered.EnteredAt, entered.EnteredBy), (again.EnteredAt, again.EnteredBy));
        Assert.Equal("adjustment-rule-exists", (await Assert.ThrowsAsync<JinBaoException>(() => national.EnterAsync(rule with { Percent = 3m }, System))).Code);
        Assert.Equal("adjustment-scope", (await Assert.ThrowsAsync<JinBaoException>(() => national.EnterAsync(rule with { Scope = "440000" }, System))).Code);
        var guangdongPayments = topology.Guangdong.Grains.GetPaymentsGrain(guangdong);
        Assert.Equal("adjustment-scope-national",
            (await Assert.ThrowsAsync<JinBaoException>(() => guangdongPayments.AddAdjustmentRuleAsync(rule with { EffectiveMonth = new YearMonth(2027, 2) }, System))).Code);
        Assert.Equal("national-adjustment-not-here",
            (await Assert.ThrowsAsync<JinBaoException>(() => topology.Guangdong.Grains.GetGrain<INationalAdjustmentGrain>(INationalAdjustmentGrain.Key).EnterAsync(rule, System))).Code);

        // Each province stores it once, as its rule for every province.
        foreach (var (cluster, province) in new[] { (topology.Guangdong, guangdong), (topology.Sichuan, sichuan) })
        {
            var payments = cluster.Grains.GetPaymentsGrain(province);
            Assert.True(await Retry.UntilAsync(async () => (await payments.GetAdjustmentRulesAsync()).Any(r => r.Scope == "all" && r.EffectiveMonth == january),
                TimeSpan.FromSeconds(30)), $"{province.Value} never received the rule");
            Assert.Equal(1, await Sql.ScalarAsync<long>(cluster.ConnectionString, "SELECT count(*) FROM jinbao_pension_adjustment_rules WHERE scope = 'all'"));
        }

        // Guangdong's next run pays every payee the adjusted amount, by the reference rules.
        await guangdongPayments.StartRunAsync(january, System);
        var run = await Retry.UntilSucceedsAsync(async () => await guangdongPayments.GetRunAsync(january) is { Status: "completed" } done
            ? done : throw new InvalidOperationException("running"), TimeSpan.FromSeconds(60));
        Assert.Equal(40, run.PayeesPaid);
        var rules = await guangdongPayments.GetAdjustmentRulesAsync();
        await using (var data = NpgsqlDataSource.Create(topology.Guangdong.ConnectionString))
        await using (var lines = data.CreateCommand("""
            SELECT e.base_monthly_fen, e.start_month, l.amount_fen FROM jinbao_pension_payment_lines l
            JOIN jinbao_pension_entitlements e USING (citizen_id) WHERE l.run_month = '2027-01-01'
            """))
        await using (var reader = await lines.ExecuteReaderAsync())
        {
            var paid = 0;
            while (await reader.ReadAsync())
            {
                var baseAmount = new Money(reader.GetInt64(0));
                var expected = PensionAdjustment.AmountFor(baseAmount, YearMonth.Of(reader.GetFieldValue<DateOnly>(1)), january, rules);
                Assert.Equal(expected.Fen, reader.GetInt64(2));
                Assert.Equal(baseAmount.MultiplyBy(1.025m) + Money.FromYuan(10m), expected);
                paid++;
            }

            Assert.Equal(40, paid);
        }

        // National learns from each province's signed summary when the rule arrived and which run applied it: Guangdong's
        // January run; Sichuan has not paid since.
        NationalStatisticsView? view = null;
        Assert.True(await Retry.UntilAsync(async () =>
        {
            view = await topology.Sichuan.Grains.GetGrain<ISupervisionGrain>(SupervisionGrains.Key).GetNationalAsync();
            return view.ProgressOf(january, guangdong)?.AppliedInRun == january && view.ProgressOf(january, sichuan)?.ReceivedAt is not null;
        }, TimeSpan.FromSeconds(60)), "national never saw both provinces' progress");
        var listed = Assert.Single(view!.Adjustments);
        Assert.Equal((january, 2.5m, 1000L, entered.EnteredAt), (listed.EffectiveMonth, listed.Percent, listed.FixedFen, listed.EnteredAt));
        var applied = view.ProgressOf(january, guangdong)!;
        Assert.True(applied.ReceivedAt >= entered.EnteredAt.AddSeconds(-1) && applied.AppliedAt >= applied.ReceivedAt, $"{entered.EnteredAt:O} {applied}");
        Assert.Null(view.ProgressOf(january, sichuan)!.AppliedInRun);

        // Sichuan's run then pays 25 persons Guangdong paid for January too (the seeds share their ids): national finds
        // them in Sichuan's roll, and each province's supervisors get one paid-twice alert per person; Guangdong's 15
        // others, paid by Guangdong only, raise none.
        var sichuanPayments = topology.Sichuan.Grains.GetPaymentsGrain(sichuan);
        await sichuanPayments.StartRunAsync(january, System);
        await Retry.UntilSucceedsAsync(async () => await sichuanPayments.GetRunAsync(january) is { Status: "completed" } done
            ? done : throw new InvalidOperationException("running"), TimeSpan.FromSeconds(60));
        foreach (var (cluster, province) in new[] { (topology.Guangdong, guangdong), (topology.Sichuan, sichuan) })
        {
            var supervision = cluster.Grains.GetGrain<ISupervisionGrain>(SupervisionGrains.Key);
            IReadOnlyList<AlertView> alerts = [];
            Assert.True(await Retry.UntilAsync(async () =>
                (alerts = [.. (await supervision.GetAlertsAsync(province, null, 100)).Where(a => a.Rule == SupervisionRule.PaidTwice)]).Count >= 25,
                TimeSpan.FromSeconds(60)), $"{province.Value} has {alerts.Count} paid-twice alerts");
            Assert.Equal(25, alerts.Count);
            Assert.All(alerts, alert => Assert.Equal(("2027-01", "440000,510000"), (alert.Facts["month"], alert.Facts["provinces"])));
            Assert.All(alerts, alert => Assert.Contains("***********", alert.Subject));
        }

        Assert.Equal(65, await Sql.ScalarAsync<long>(topology.National.ConnectionString, "SELECT count(*) FROM jinbao_national_payments WHERE for_month = '2027-01-01'"));

        // Two documents, each applied once; the entry is audited at national.
        Assert.Equal(2, await Sql.ScalarAsync<long>(topology.National.ConnectionString,
            "SELECT count(*) FROM jinbao_outbox WHERE type = 'national-adjustment' AND delivered_at IS NOT NULL"));
        Assert.Equal(1, await Sql.ScalarAsync<long>(topology.Guangdong.ConnectionString,
            "SELECT count(*) FROM jinbao_inbox WHERE type = 'national-adjustment' AND outcome LIKE 'applied%'"));
        Assert.Equal(1, await Sql.ScalarAsync<long>(topology.National.ConnectionString,
            "SELECT count(*) FROM jinbao_events WHERE type = 'national-adjustment-entered' AND actor = 'admin:ministry@national'"));
    }

    private static async Task<long> SeedPayeesAsync(string connectionString, RegionCode province, int count)
    {
        await using var data = NpgsqlDataSource.Create(connectionString);
        return await RetireeSeeder.SeedAsync(data, province, count, new YearMonth(2026, 6), new DateOnly(2027, 12, 1));
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
