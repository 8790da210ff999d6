using System.Diagnostics;
using JinBao.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Storage;
using Orleans.TestingHost;

namespace JinBao.IntegrationTests.Storage;

/// <summary>Real two-silo clusters whose clustering, grain storage and reminders all run on our schema.</summary>
[Collection(PostgresCollection.Name)]
public sealed class OrleansAdoNetProviderTests(PostgresFixture fixture)
{
    private const string Invariant = "Npgsql";
    private const int Active = 3;
    private const int Dead = 6;

    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Cluster_OnOurSchema_JoinsPersistsRemindsAndMarksAKilledSiloDead()
    {
        var connectionString = await fixture.Postgres.CreateDatabaseAsync("cluster");
        await using var cluster = await DeployAsync(connectionString);
        var clusterId = cluster.Options.ClusterId;

        await WaitUntilAsync(
            async () => await CountSilosAsync(connectionString, clusterId, Active) == 2,
            "both silos Active (3) in orleans_membership");

        // State survives deactivation: the second activation can only have the value from the database.
        var grain = cluster.Client.GetGrain<ISchemaProbeGrain>("probe");
        await grain.SetValueAsync("written");
        var before = await grain.ReadAsync();
        await cluster.DeactivateAsync(grain);
        var after = await grain.ReadAsync();

        Assert.NotEqual(before.ActivationId, after.ActivationId);
        Assert.Equal("written", after.Value);
        Assert.Equal("1", after.ETag);
        Assert.Equal(1L, await Sql.ScalarAsync<long>(
            connectionString,
            "SELECT count(*) FROM orleans_storage WHERE serviceid = @service AND graintypestring = @state AND version = 1 AND payloadbinary IS NOT NULL",
            ("service", cluster.Options.ServiceId),
            ("state", SchemaProbeGrain.StateName)));

        await grain.RegisterReminderAsync("schema-probe");
        Assert.Equal(1L, await CountRemindersAsync(connectionString, cluster.Options.ServiceId));
        await grain.UnregisterReminderAsync("schema-probe");
        Assert.Equal(0L, await CountRemindersAsync(connectionString, cluster.Options.ServiceId));

        // A crash (no graceful shutdown) is detected by the survivor, which must win the versioned update.
        var victim = cluster.Silos[1];
        var victimAddress = victim.SiloAddress;
        await cluster.KillSiloAsync(victim);
        await WaitUntilAsync(
            async () => await Sql.ScalarAsync<int>(
                connectionString,
                "SELECT status FROM orleans_membership WHERE deploymentid = @cluster AND address = @address AND port = @port AND generation = @generation",
                ("cluster", clusterId),
                ("address", victimAddress.Endpoint.Address.ToString()),
                ("port", victimAddress.Endpoint.Port),
                ("generation", victimAddress.Generation)) == Dead,
            "the killed silo Dead (6) in orleans_membership");
    }

    [Fact]
    public async Task GrainStorage_ConcurrentFirstWritesFromBothSilos_LeaveOneRowAndOneWinner()
    {
        var connectionString = await fixture.Postgres.CreateDatabaseAsync("race");
        await using var cluster = await DeployAsync(connectionString);

        // Two activations of one grain can only coexist during a partition, so go below the grain layer: every
        // writer is a fresh state with no ETag, as a new activation would have, through both silos' providers.
        var storages = cluster.Silos
            .Select(silo => silo.ServiceProvider.GetRequiredKeyedService<IGrainStorage>(SchemaProbeGrain.StorageName))
            .ToArray();
        var grainId = GrainId.Create("schemaprobe", "race");
        const string StateName = "schema-probe-race";
        const int Writers = 8;

        var outcomes = await Task.WhenAll(Enumerable.Range(0, Writers).Select(i => Task.Run(async () =>
        {
            try
            {
                var state = new GrainState<SchemaProbeState>(new SchemaProbeState { Value = $"writer-{i}" });
                await storages[i % storages.Length].WriteStateAsync(StateName, grainId, state);
                return true;
            }
            catch (InconsistentStateException)
            {
                return false;
            }
        })));

        Assert.Single(outcomes, won => won);
        Assert.Equal(1L, await Sql.ScalarAsync<long>(
            connectionString,
            "SELECT count(*) FROM orleans_storage WHERE graintypestring = @state",
            ("state", StateName)));
        Assert.Equal(1L, await Sql.ScalarAsync<long>(
            connectionString,
            "SELECT count(*) FROM pg_constraint WHERE conname = 'uq_orleans_storage_identity' AND contype = 'u'"));

        // The version protocol after the race: a stale ETag loses a write and a clear; the current one wins.
        var current = new GrainState<SchemaProbeState>();
        await storages[0].ReadStateAsync(StateName, grainId, current);
        var stale = new GrainState<SchemaProbeState>(current.State, current.ETag);
        current.State = new SchemaProbeState { Value = "second" };
        await storages[1].WriteStateAsync(StateName, grainId, current);

        Assert.Equal("2", current.ETag);
        await Assert.ThrowsAsync<InconsistentStateException>(() => storages[0].WriteStateAsync(StateName, grainId, stale));
        await Assert.ThrowsAsync<InconsistentStateException>(() => storages[0].ClearStateAsync(StateName, grainId, stale));

        await storages[1].ClearStateAsync(StateName, grainId, current);
        var cleared = new GrainState<SchemaProbeState>();
        await storages[0].ReadStateAsync(StateName, grainId, cleared);

        Assert.Equal("3", cleared.ETag);
        Assert.Null(cleared.State?.Value);
    }

    private static async Task<InProcessTestCluster> DeployAsync(string connectionString)
    {
        var builder = new InProcessTestClusterBuilder(2);
        builder.Options.UseRealMembership();
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSilo((_, silo) =>
        {
            silo.UseAdoNetClustering(o =>
            {
                o.Invariant = Invariant;
                o.ConnectionString = connectionString;
            });
            silo.AddAdoNetGrainStorage(SchemaProbeGrain.StorageName, o =>
            {
                o.Invariant = Invariant;
                o.ConnectionString = connectionString;
            });
            silo.UseAdoNetReminderService(o =>
            {
                o.Invariant = Invariant;
                o.ConnectionString = connectionString;
            });

            // Seconds instead of minutes, so a killed silo is declared dead within the test; the heartbeat
            // also runs often enough to exercise UpdateIAmAlivetimeKey.
            silo.Configure<ClusterMembershipOptions>(o =>
            {
                o.ProbeTimeout = TimeSpan.FromSeconds(1);
                o.NumMissedProbesLimit = 1;
                o.NumVotesForDeathDeclaration = 1;
                o.TableRefreshTimeout = TimeSpan.FromSeconds(1);
                o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(1);
                o.DeathVoteExpirationTimeout = TimeSpan.FromSeconds(5);
            });
        });

        // Without the test membership the client finds gateways only through GatewaysQueryKey.
        builder.ConfigureClient(client => client.UseAdoNetClustering(o =>
        {
            o.Invariant = Invariant;
            o.ConnectionString = connectionString;
        }));

        var cluster = builder.Build();
        try
        {
            await cluster.DeployAsync();
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    private static Task<long> CountSilosAsync(string connectionString, string clusterId, int status) =>
        Sql.ScalarAsync<long>(
            connectionString,
            "SELECT count(*) FROM orleans_membership WHERE deploymentid = @cluster AND status = @status",
            ("cluster", clusterId),
            ("status", status));

    private static Task<long> CountRemindersAsync(string connectionString, string serviceId) =>
        Sql.ScalarAsync<long>(
            connectionString,
            "SELECT count(*) FROM orleans_reminders WHERE serviceid = @service AND remindername = 'schema-probe'",
            ("service", serviceId));

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var stopwatch = Stopwatch.StartNew();
        while (!await condition())
        {
            if (stopwatch.Elapsed > WaitLimit)
            {
                Assert.Fail($"Timed out after {WaitLimit.TotalSeconds} s waiting for {what}.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }
    }
}
