using JinBao.Persons;
using JinBao.Primitives;
using JinBao.Transfers;

namespace JinBao.Workbench.Tests.Infrastructure;

/// <summary>People and transfers set up through the grains (what city systems did before the clerk's day starts).</summary>
public sealed class Setup(WorkbenchTopology workbench)
{
    private static readonly RegionCode Shenzhen = RegionCode.Parse(WorkbenchTopology.Shenzhen);
    private static readonly RegionCode Chengdu = RegionCode.Parse(WorkbenchTopology.Chengdu);

    private static readonly string[] Names = ["王军", "李娜", "张伟", "刘洋", "陈静", "杨帆", "欧阳晓"];

    /// <summary>A person with hukou in Chengdu who worked in Shenzhen 2020-01..2021-12 at 9,000 and left.</summary>
    public Task<CitizenId> LeftShenzhenAsync() => LeftAsync(Shenzhen);

    /// <summary>The same, having worked in <paramref name="city"/> of Guangdong.</summary>
    public async Task<CitizenId> LeftAsync(RegionCode city)
    {
        var id = TestPeople.Next(birthYear: 1980, addressCode: "510104");
        var person = workbench.Topology.Guangdong.Grains.GetPersonGrain(id);
        var system = new Requester($"city:{city.Value}/setup", null);
        await person.EnrolAsync(new EnrolPerson(Chengdu, city, new DateOnly(2020, 1, 1), system, Names[Random.Shared.Next(Names.Length)]));
        await person.DeclareMonthsAsync(new YearMonth(2020, 1), 24, 9000, system);
        var stopped = await person.StopContributingAsync(new StopContributing(city, new DateOnly(2021, 12, 31), system));
        Assert.True(stopped.NationalIndexInformed);
        return id;
    }

    /// <summary>
    /// The person enrolled in Chengdu and applied there (Chengdu's policy approves at once); returns once the contact
    /// letter reached Shenzhen, whose clerk now owes the next step.
    /// </summary>
    public async Task<TransferId> AppliedInChengduAsync(CitizenId id)
    {
        var system = new Requester("city:510100/setup", null);
        await workbench.Topology.Sichuan.Grains.GetPersonGrain(id).EnrolAsync(new EnrolPerson(Chengdu, Chengdu, new DateOnly(2022, 3, 1), system));
        var transfer = TransferId.New();
        await workbench.Topology.Sichuan.Grains.GetTransferGrain(transfer).ApplyAsync(new ApplyForTransfer(id, Shenzhen, Chengdu, system));
        await WaitForAsync(workbench.Topology.Guangdong, transfer, TransferStatus.ContactLetterIssued);
        return transfer;
    }

    /// <summary>Waits until a cluster's side of a transfer is at <paramref name="status"/>.</summary>
    public static Task<TransferView> WaitForAsync(TopologyCluster cluster, TransferId transfer, TransferStatus status, int seconds = 60) =>
        Retry.UntilSucceedsAsync(async () =>
        {
            var view = await cluster.Grains.GetTransferGrain(transfer).GetAsync();
            return view.Status == status ? view : throw new InvalidOperationException($"{cluster.Id}: still {view.Status}");
        }, TimeSpan.FromSeconds(seconds));
}
