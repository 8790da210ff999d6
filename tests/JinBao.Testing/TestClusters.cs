using JinBao.Grains.Hosting;

using Microsoft.Extensions.DependencyInjection;

using Orleans.Configuration;
using Orleans.Runtime.MembershipService.SiloMetadata;
using Orleans.TestingHost;

namespace JinBao.Testing;

/// <summary>
/// Starts a real multi-silo Orleans cluster on a PostgreSQL database with the shipped wiring
/// (<see cref="GrainsSiloBuilderExtensions.AddJinBaoGrains"/>): ADO.NET membership, storage and reminders, no memory providers.
/// </summary>
public static class TestClusters
{
    /// <summary>Cities given to the silos in order, as silo metadata, like a province's city silos.</summary>
    private static readonly string[] Cities = ["440100", "440300", "440600"];

    /// <param name="configure">Extra silo wiring for a test (options, a capturing logger provider); applied last.</param>
    public static async Task<InProcessTestCluster> StartAsync(string connectionString, short silos = 2, TimeProvider? clock = null, Action<ISiloBuilder>? configure = null)
    {
        var builder = new InProcessTestClusterBuilder(silos);
        builder.Options.UseRealMembership(); // real ADO.NET membership on PostgreSQL
        builder.Options.ConfigureFileLogging = false;
        builder.Options.ClusterId = $"prov-440000-{Guid.NewGuid():N}"[..24];
        builder.Options.ServiceId = $"jinbao-test-{Guid.NewGuid():N}";
        var siloIndex = 0;
        builder.ConfigureSilo((options, silo) =>
        {
            silo.AddJinBaoGrains(connectionString);
            silo.UseSiloMetadata(new Dictionary<string, string> { ["city"] = Cities[Interlocked.Increment(ref siloIndex) % Cities.Length] });
            silo.Configure<ClusterMembershipOptions>(membership =>
            {
                // Declare a killed silo dead within about a second so tests see failover quickly.
                membership.ProbeTimeout = TimeSpan.FromSeconds(1);
                membership.NumProbedSilos = 1;
                membership.NumVotesForDeathDeclaration = 1;
                membership.NumMissedProbesLimit = 1;
                membership.TableRefreshTimeout = TimeSpan.FromSeconds(1);
                membership.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(2);
            });
            if (clock is not null)
            {
                silo.Services.AddSingleton(clock);
            }

            configure?.Invoke(silo);
        });
        builder.ConfigureClient(client => client.UseAdoNetClustering(options =>
        {
            options.Invariant = "Npgsql";
            options.ConnectionString = connectionString;
        }));
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }
}
