using System.Diagnostics.Metrics;

using JinBao.Effects;
using JinBao.Grains.Effects;
using JinBao.Grains.Storage;
using JinBao.Grains;
using JinBao.IntegrationTests.Infrastructure;
using JinBao.Ledger;
using JinBao.Primitives;
using JinBao.Grains.Telemetry;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

using Npgsql;

using Orleans.Storage;

namespace JinBao.IntegrationTests.Storage;

/// <summary>
/// JinBao's grain storage (<see cref="JinBao.Effects.JinBaoGrainStorage"/>) on a real cluster and PostgreSQL: the rows
/// are Orleans' ADO.NET rows, a state's effects commit with it or not at all, and concurrent writes of many grains
/// share commits without one grain's conflict failing another's write.
/// </summary>
[Collection(ProvinceClusterCollection.Name)]
public sealed class JinBaoGrainStorageTests(ProvinceClusterFixture fixture)
{
    private const string OrleansProvider = "orleans-adonet";

    public static TheoryData<string> Keys => ["string", "guid", "integer", "guid+extension"];

    [Theory]
    [MemberData(nameof(Keys))]
    public async Task RowsOfOrleansAdoNetProvider_AreReadAndWrittenByJinBaos_AndTheOtherWayRound(string keyKind)
    {
        var database = await fixture.CreateDatabaseAsync($"storage-compat-{keyKind.Replace('+', '-')}");
        await using var cluster = await TestClusters.StartAsync(database, silos: 1, configure: silo => silo.AddAdoNetGrainStorage(OrleansProvider, options =>
        {
            options.Invariant = "Npgsql";
            options.ConnectionString = database;
        }));
        var services = cluster.Silos[0].ServiceProvider;
        var orleans = services.GetRequiredKeyedService<IGrainStorage>(OrleansProvider);
        var jinBao = services.GetRequiredKeyedService<IGrainStorage>(JinBaoStorage.ProviderName);
        var grainId = keyKind switch
        {
            "string" => GrainId.Create("person", "110101199003071234"),
            "guid" => GrainId.Create(GrainType.Create("pension-transfer"), GrainIdKeyExtensions.CreateGuidKey(Guid.NewGuid())),
            "integer" => GrainId.Create(GrainType.Create("counter"), GrainIdKeyExtensions.CreateIntegerKey(-42)),
            _ => GrainId.Create(GrainType.Create("pension-transfer"), GrainIdKeyExtensions.CreateGuidKey(Guid.NewGuid(), "440300")),
        };

        var written = new GrainState<SchemaProbeState>(new SchemaProbeState { Value = "by orleans" });
        await orleans.WriteStateAsync("compat", grainId, written);
        var read = new GrainState<SchemaProbeState>();
        await jinBao.ReadStateAsync("compat", grainId, read);
        Assert.Equal(("by orleans", "1", true), (read.State!.Value, read.ETag, read.RecordExists));

        read.State!.Value = "by jinbao";
        await jinBao.WriteStateAsync("compat", grainId, read);
        var back = new GrainState<SchemaProbeState>();
        await orleans.ReadStateAsync("compat", grainId, back);
        Assert.Equal(("by jinbao", "2"), (back.State!.Value, back.ETag));

        // A stale writer loses against either provider, and the grain still has one row.
        await Assert.ThrowsAsync<InconsistentStateException>(() => jinBao.WriteStateAsync("compat", grainId, written));
        await Assert.ThrowsAsync<InconsistentStateException>(() => jinBao.WriteStateAsync("compat", grainId, new GrainState<SchemaProbeState>(new SchemaProbeState())));
        await jinBao.ClearStateAsync("compat", grainId, read);
        var cleared = new GrainState<SchemaProbeState>();
        await orleans.ReadStateAsync("compat", grainId, cleared);
        Assert.Equal(("3", false), (cleared.ETag, cleared.RecordExists));
        Assert.Equal(1L, await Sql.ScalarAsync<long>(database, "SELECT count(*) FROM orleans_storage WHERE graintypestring = 'compat'"));
    }

    [Fact]
    public async Task ManyGrainsWritingAtOnce_ShareCommits_AndAStaleWriterFailsAloneWithoutItsEffects()
    {
        var storage = fixture.Cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<IGrainStorage>(JinBaoStorage.ProviderName);
        var run = Guid.NewGuid().ToString("N")[..8];
        var stale = GrainId.Create("effects-probe", $"{run}-stale");
        var current = new GrainState<EffectsProbe>(new EffectsProbe());
        await storage.WriteStateAsync("effects-probe", stale, current);
        await storage.WriteStateAsync("effects-probe", stale, new GrainState<EffectsProbe>(new EffectsProbe(), current.ETag));

        var largestBatch = 0L;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == "jinbao.storage.writes_per_commit")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, writes, _, _) => InterlockedMax(ref largestBatch, writes));
        listener.Start();

        // 200 grains each save a decision with a balanced ledger movement; among them one activation is stale.
        const int Grains = 200;
        var writes = Enumerable.Range(0, Grains).Select(i => Task.Run(async () =>
        {
            var state = new GrainState<EffectsProbe>(EffectsProbe.Deciding($"{run}:{i}"));
            await storage.WriteStateAsync("effects-probe", GrainId.Create("effects-probe", $"{run}-{i}"), state);
        })).ToList();
        var staleWrite = Task.Run(() => storage.WriteStateAsync("effects-probe", stale, new GrainState<EffectsProbe>(EffectsProbe.Deciding($"{run}:stale"), current.ETag)));
        await Task.WhenAll(writes);
        await Assert.ThrowsAsync<InconsistentStateException>(() => staleWrite);

        Assert.True(largestBatch > 1, "no two writes shared a commit");
        Assert.Equal(Grains * 2L, await Sql.ScalarAsync<long>(fixture.ConnectionString,
            "SELECT count(*) FROM jinbao_ledger_entries WHERE movement_id LIKE @run", ("run", $"probe:{run}:%")));
        Assert.Equal(0L, await Sql.ScalarAsync<long>(fixture.ConnectionString,
            "SELECT count(*) FROM jinbao_ledger_entries WHERE movement_id = @id", ("id", $"probe:{run}:stale")));

        // Stored without the effects, which were written beside the state.
        Assert.Equal(0L, await Sql.ScalarAsync<long>(fixture.ConnectionString, """
            SELECT count(*) FROM orleans_storage
            WHERE graintypestring = 'effects-probe' AND convert_from(payloadbinary, 'UTF8')::jsonb -> 'pending' -> 'movements' <> '[]'::jsonb
            """));
    }

    [Fact]
    public async Task EffectsWithoutState_WhoseDatabaseDoesNotAnswer_FailAsStorageUnavailable_LikeAGrainsWrite()
    {
        // The clearing grains write through EffectWriter: a database that does not answer must reach their callers as
        // the same typed, retryable error a grain's own write gives, and leave the effects to retry, not drop them.
        var services = fixture.Cluster.Silos[0].ServiceProvider;
        await using var unreachable = NpgsqlDataSource.Create("Host=127.0.0.1;Port=9;Username=nobody;Timeout=2");
        var writer = new EffectWriter(new GroupCommit(unreachable, NullLogger<GroupCommit>.Instance), services.GetRequiredService<EffectStatements>(),
            NullLogger<EffectWriter>.Instance);
        var effects = new PendingEffects();
        effects.Add(new LedgerMovement(MovementId.Of($"probe:{Guid.NewGuid():N}"), MovementKinds.FundsClearing, null,
            [new LedgerLeg("440000:clearing", new Money(-100)), new LedgerLeg("510000:clearing", new Money(100))]));

        var error = await Assert.ThrowsAsync<JinBao.Errors.JinBaoException>(() => writer.DeliverAsync(effects));

        Assert.Equal("storage-unavailable", error.Code);
        Assert.Equal(JinBao.Errors.ErrorKind.Unavailable, error.Kind);
        Assert.Single(effects.Movements);
    }

    [Fact]
    public async Task ABatchWithSeveralBadWrites_FailsExactlyThose_AndCommitsEveryOtherWrite()
    {
        var commits = fixture.Cluster.Silos[0].ServiceProvider.GetRequiredService<GroupCommit>();
        var run = Guid.NewGuid().ToString("N")[..8];
        await Sql.ExecuteAsync(fixture.ConnectionString, $"CREATE TABLE batch_probe_{run} (id int PRIMARY KEY)");

        // Two slow writes hold both of the silo's transactions, so the writes behind them queue up and go as one batch.
        var slow = Enumerable.Range(0, GroupCommit.TransactionsInFlight).Select(_ => commits.CommitAsync([new Statement("SELECT pg_sleep(0.5)")])).ToList();
        var bad = new HashSet<int> { 0, 7, 8, 29 };
        var writes = Enumerable.Range(0, 30).Select(i => commits.CommitAsync(
        [
            new Statement($"INSERT INTO batch_probe_{run} (id) VALUES ($1)", i),
            new Statement("SELECT jinbao_expect_state_written($1)", bad.Contains(i) ? 0L : 1L),
        ])).ToList();
        await Task.WhenAll(slow);
        var outcomes = await Task.WhenAll(writes.Select(async write =>
        {
            try
            {
                await write;
                return null;
            }
            catch (PostgresException exception)
            {
                return exception.SqlState;
            }
        }));

        Assert.Equal(Enumerable.Range(0, 30).Select(i => bad.Contains(i) ? GroupCommit.VersionConflictState : null), outcomes);
        Assert.Equal(string.Join(',', Enumerable.Range(0, 30).Where(i => !bad.Contains(i))),
            await Sql.ScalarAsync<string>(fixture.ConnectionString, $"SELECT string_agg(id::text, ',' ORDER BY id) FROM batch_probe_{run}"));
    }

    private static void InterlockedMax(ref long target, long value)
    {
        var seen = Interlocked.Read(ref target);
        while (value > seen && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
            seen = Interlocked.Read(ref target);
        }
    }

    /// <summary>A state that decided a ledger movement, as a person or medical account grain's state does.</summary>
    public sealed class EffectsProbe : IHoldEffects
    {
        public string? Decision { get; set; }

        public PendingEffects Pending { get; set; } = new();

        public static EffectsProbe Deciding(string decision)
        {
            var probe = new EffectsProbe { Decision = decision };
            probe.Pending.Add(new LedgerMovement(MovementId.Of($"probe:{decision}"), "probe", null,
            [
                new LedgerLeg("probe:from", Money.FromYuan(-1)),
                new LedgerLeg("probe:to", Money.FromYuan(1)),
            ]));
            return probe;
        }
    }
}
