using JinBao.Clearing;
using JinBao.Errors;
using JinBao.Grains.Clearing;
using JinBao.IntegrationTests.Infrastructure;
using JinBao.Medical;
using JinBao.Persons;
using JinBao.Primitives;

using Microsoft.Extensions.DependencyInjection;

namespace JinBao.IntegrationTests.Medical;

/// <summary>
/// The insuring province's advance to a care province (spec §4.6) over a year: sized at the first settlement, topped
/// up past 70% used, restored by the confirmed monthly clearing, re-sized the next January. One standalone cluster
/// plays both provinces and the national clearing; its clock moves by hand.
/// </summary>
[Collection(ProvinceClusterCollection.Name)]
public sealed class MedicalPrepaymentTests(ProvinceClusterFixture fixture)
{
    private static readonly RegionCode Shenzhen = RegionCode.Parse("440300");
    private static readonly RegionCode Chengdu = RegionCode.Parse("510100");
    private static readonly Requester Hospital = new("city:510100/hospital-1", null);
    private static readonly Requester Supervisor = new("supervisor:li@440300", null);

    [Fact]
    public async Task Advance_TopUp_Clearing_AndNextYearsResize_AreEachPostedOnce()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var database = await fixture.CreateDatabaseAsync("prepay");
        await using var cluster = await TestClusters.StartAsync(database, 1, clock,
            silo => silo.Services.Configure<MedicalPrepaymentOptions>(o => o.MinimumAdvanceYuan = 100_000));
        var grains = cluster.Client;
        var person = TestPeople.Next(birthYear: 1962, addressCode: "440304");
        await grains.GetPersonGrain(person).EnrolAsync(new EnrolPerson(Shenzhen, Shenzhen, new DateOnly(2020, 1, 1), Hospital));
        var today = DateOnly.FromDateTime(clock.GetUtcNow().AddHours(8).DateTime);
        await grains.GetMedicalAccountGrain(person).FileAsync(new FileForCare(new FilingId("home"), FilingType.LongTerm, Chengdu, new DateOnly(today.Year, 1, 1), null, Hospital));
        var period = MedicalClearingLedger.PeriodOf(clock.GetUtcNow());
        var statements = grains.GetMedicalStatementsGrain(Shenzhen);

        await SettleAsync(grains, person, today, 31_000);                                 // fund 27,000: 27% of the advance used
        var first = await PairAsync(statements, period);
        Assert.Equal((Money.FromYuan(100_000), Money.FromYuan(73_000)), (first.Advanced, first.PrepaymentBalance));

        await SettleAsync(grains, person, today, 50_000);                                 // fund 45,000: 72% used → top-up of 72,000
        var topped = await PairAsync(statements, period);
        Assert.Equal((Money.FromYuan(172_000), Money.FromYuan(100_000)), (topped.Advanced, topped.PrepaymentBalance));
        Assert.Equal((2, Money.FromYuan(72_000), false), (topped.Settlements, topped.Net, topped.Confirmed));

        var open = await Assert.ThrowsAsync<JinBaoException>(() => statements.ConfirmAsync(period, Chengdu, Supervisor, null));
        Assert.Equal("clearing-period-open", open.Code);

        clock.Set(new DateTimeOffset(period.AddMonths(1).FirstDay.AddDays(20), TimeOnly.MinValue, TimeSpan.FromHours(8)));
        var confirmed = await statements.ConfirmAsync(period, Chengdu, Supervisor, "checked against our reconciliation");
        Assert.Equal((true, Money.FromYuan(172_000)), (confirmed.Confirmed, confirmed.PrepaymentBalance)); // the month's 72,000 restored
        Assert.Equal(confirmed, await statements.ConfirmAsync(period, Chengdu, Supervisor, null));              // once

        // Next January: the advance is re-sized to this year's standard (the minimum here), returning the top-up.
        clock.Set(new DateTimeOffset(today.Year + 1, 1, 10, 9, 0, 0, TimeSpan.FromHours(8)));
        await SettleAsync(grains, person, new DateOnly(today.Year + 1, 1, 5), 2_000);    // fund 900 (a new year's deductible)
        var resized = await PairAsync(statements, period);
        Assert.Equal((Money.FromYuan(100_000), Money.FromYuan(99_100)), (resized.Advanced, resized.PrepaymentBalance));

        // The ledger, movement by movement: each posted once, each balanced.
        var pair = $"440000:510000";
        Assert.Equal(
            [$"medical-advance:{pair}:{today.Year}", $"medical-advance:{pair}:{today.Year + 1}", $"medical-clearing:{period}:{pair}", $"medical-topup:{pair}:1"],
            await Sql.StringsAsync(database, "SELECT DISTINCT movement_id FROM jinbao_ledger_entries WHERE kind IN ('medical-advance', 'medical-topup', 'medical-clearing') ORDER BY 1"));
        Assert.Equal(-72_000_00, await Sql.ScalarAsync<long>(database,
            "SELECT amount_fen FROM jinbao_ledger_entries WHERE movement_id = @m AND account = '440000:medical-prepaid:510000'", ("m", $"medical-advance:{pair}:{today.Year + 1}")));
        Assert.Equal(0, await Sql.ScalarAsync<long>(database, "SELECT count(*) FROM jinbao_ledger_unbalanced_movements"));
    }

    private static async Task SettleAsync(IGrainFactory grains, CitizenId person, DateOnly on, decimal inScopeYuan)
    {
        var bill = new SettleBill(new SettlementId($"P-{Guid.NewGuid():N}"), Chengdu, on, false, [new FeeLine("S90-INSCOPE", 1, Money.FromYuan(inScopeYuan))], Hospital);
        await grains.GetMedicalSettlementGrain(bill.SettlementId).SettleAsync(new SettleForPatient(person, bill));
    }

    private static async Task<ClearingStatementView> PairAsync(IMedicalStatementsGrain statements, YearMonth period) =>
        (await statements.GetStatementsAsync(period)).Single(s => s.CareProvince == Chengdu.Province);
}
