using JinBao.Grains.Transfers;
using JinBao.IntegrationTests.Infrastructure;
using JinBao.Persons;
using JinBao.Primitives;
using JinBao.Supervision;
using JinBao.Transfers;

using Orleans.Configuration;

namespace JinBao.IntegrationTests.Supervision;

/// <summary>
/// The rule "a transfer step overdue": its trigger is the calendar, not a request, so the test moves a clock. A step
/// within its 15 working days raises nothing; past them, the sweep escalates it and the awaited agency's supervisors get
/// the alert.
/// </summary>
[Collection(ProvinceClusterCollection.Name)]
public sealed class OverdueAlertTests(ProvinceClusterFixture fixture)
{
    private static readonly RegionCode Guangzhou = RegionCode.Parse("440100");
    private static readonly RegionCode Shenzhen = RegionCode.Parse("440300");

    [Fact]
    public async Task AStepWithinItsDeadline_IsNotAlerted_AndOnePastIt_IsAlertedToTheAwaitedAgency()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.FromHours(8)));
        var database = await fixture.CreateDatabaseAsync("overdue-alert");
        await using var cluster = await TestClusters.StartAsync(database, silos: 1, clock, silo =>
        {
            silo.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
            silo.Configure<TransferOptions>(o => o.DeadlineCheckPeriod = TimeSpan.FromSeconds(2));
        });
        var id = TestPeople.Next(birthYear: 1993);
        var person = cluster.Client.GetPersonGrain(id);
        var system = new Requester("city:440300/system", null);
        await person.EnrolAsync(new EnrolPerson(Guangzhou, Guangzhou, new DateOnly(2025, 1, 1), system));
        await person.DeclareMonthsAsync(new YearMonth(2025, 1), 12, 8000, system);
        await person.EnrolAsync(new EnrolPerson(Guangzhou, Shenzhen, new DateOnly(2026, 1, 1), system));
        var transferId = TransferId.New();
        var transfer = cluster.Client.GetTransferGrain(transferId);
        await transfer.ApplyAsync(new ApplyForTransfer(id, Guangzhou, Shenzhen, system));
        var letter = await transfer.ApproveAsync(new TransferDecision(Shenzhen, null, system));
        Assert.Equal(new DateOnly(2026, 12, 14), letter.DueOn); // the old place's 15 working days
        var supervision = cluster.Client.GetGrain<ISupervisionGrain>(SupervisionGrains.Key);
        var alertId = JinBao.Supervision.Supervision.AlertId(SupervisionRule.TransferOverdue, $"transfer:{transferId}:ContactLetterIssued:2026-12-14");

        await SupervisionTruth.CountedAsync(cluster, database, TimeSpan.FromSeconds(60));
        Assert.DoesNotContain(await supervision.GetAlertsAsync(Guangzhou, null, 100), a => a.Rule == SupervisionRule.TransferOverdue);
        var onTime = await supervision.GetStatisticsAsync();
        Assert.Equal(new StepTimeliness("Applied", 1, 0), Assert.Single(onTime.OnTimeByStep));

        clock.Set(new DateTimeOffset(2026, 12, 15, 9, 0, 0, TimeSpan.FromHours(8))); // one day past
        Assert.True(await Retry.UntilAsync(async () => (await supervision.GetAlertsAsync(Guangzhou, AlertStatus.Open, 100)).Any(a => a.AlertId == alertId),
            TimeSpan.FromSeconds(60)), "the overdue step should be alerted to Guangzhou");
        var alert = (await supervision.GetAlertsAsync(Guangzhou, AlertStatus.Open, 100)).Single(a => a.AlertId == alertId);
        Assert.Equal((Guangzhou, id.Masked), (alert.Place, alert.Subject));
        Assert.Empty(await supervision.GetAlertsAsync(Shenzhen, null, 100)); // the new place did its part in time
        var overdue = await supervision.GetStatisticsAsync();
        Assert.Equal(1, overdue.Cities.Single(c => c.City == Guangzhou).OverdueTransfers);
    }
}
