using JinBao.IntegrationTests.Infrastructure;
using JinBao.Persons;
using JinBao.Primitives;

using Orleans.Runtime;

namespace JinBao.IntegrationTests.Persons;

/// <summary>"Stopping two minutes is not allowed": a silo dies and its persons are served by the survivors.</summary>
[Collection(ProvinceClusterCollection.Name)]
public sealed class SiloFailoverTests(ProvinceClusterFixture fixture)
{
    [Fact]
    public async Task KillingTheHostingSilo_PersonStateSurvivesOnAnotherSilo()
    {
        var connectionString = await fixture.CreateDatabaseAsync("failover");
        var cluster = await TestClusters.StartAsync(connectionString, silos: 2);
        try
        {
            var id = TestPeople.Next();
            var person = cluster.Client.GetPersonGrain(id);
            var request = new Requester("city:440100", "failover");
            await person.EnrolAsync(new EnrolPerson(RegionCode.Parse("440100"), RegionCode.Parse("440100"), new DateOnly(2025, 1, 1), request));
            var before = await person.DeclareContributionAsync(new DeclareContribution(new DeclarationId("f-1"), new YearMonth(2025, 8), Money.FromYuan(9000), request));

            var grainId = person.GetGrainId();
            Assert.True(cluster.TryGetGrainContext(grainId, out var context), "the person should be active on some silo");
            var victim = cluster.Silos.Single(silo => silo.SiloAddress.Equals(context!.Address.SiloAddress));
            await cluster.KillSiloAsync(victim);

            // The first call after the crash may race the death declaration; a client retries as a city system would.
            // A call already addressed to the dead silo ends only at the response timeout (30 s), so allow for one.
            var after = await Retry.UntilSucceedsAsync(() => person.GetRecordAsync(), TimeSpan.FromSeconds(75));
            Assert.Equal(before.Segments[0].Months, after.Segments[0].Months);
            Assert.Equal(before.Segments[0].IndividualAccountBalance, after.Segments[0].IndividualAccountBalance);

            Assert.True(cluster.TryGetGrainContext(grainId, out var moved));
            Assert.NotEqual(victim.SiloAddress, moved!.Address.SiloAddress);
            await person.DeclareContributionAsync(new DeclareContribution(new DeclarationId("f-2"), new YearMonth(2025, 9), Money.FromYuan(9000), request));
        }
        finally
        {
            await cluster.DisposeAsync();
        }
    }
}
