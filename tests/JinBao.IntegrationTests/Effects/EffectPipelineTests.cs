using JinBao.Errors;
using JinBao.IntegrationTests.Infrastructure;
using JinBao.Persons;
using JinBao.Primitives;
using JinBao.Transfers;

using Orleans.Runtime;

namespace JinBao.IntegrationTests.Effects;

/// <summary>
/// The effect pipeline's failure policy on a real cluster and a real PostgreSQL whose tables go away for a while
/// (renamed, as good as a database that does not answer for them): a decision and its effects are saved together or
/// not at all, and a decision that could not be saved is answered with a typed error and leaves nothing in memory.
/// </summary>
[Collection(ProvinceClusterCollection.Name)]
public sealed class EffectPipelineTests(ProvinceClusterFixture fixture)
{
    private static readonly RegionCode Guangzhou = RegionCode.Parse("440100");
    private static readonly RegionCode Shenzhen = RegionCode.Parse("440300");
    private static readonly Requester GuangzhouSystem = new("city:440100", null);
    private static readonly Requester ShenzhenSystem = new("city:440300", null);

    [Fact]
    public async Task Application_WhoseAuditEventCannotBeWritten_IsNotSavedEither_AndTheRetryAppliesOnce()
    {
        var database = await fixture.CreateDatabaseAsync("effects-atomic");
        var cluster = await TestClusters.StartAsync(database, silos: 1);
        try
        {
            var id = await MovedFromGuangzhouToShenzhenAsync(cluster.Client, birthYear: 1988);
            var transfer = cluster.Client.GetTransferGrain(TransferId.New());
            var stream = $"transfer:{transfer.GetPrimaryKey()}";
            var application = new ApplyForTransfer(id, Guangzhou, Shenzhen, ShenzhenSystem);

            await Sql.ExecuteAsync(database, "ALTER TABLE jinbao_events RENAME TO jinbao_events_away");
            JinBaoException refused;
            try
            {
                refused = await Assert.ThrowsAsync<JinBaoException>(() => transfer.ApplyAsync(application));
            }
            finally
            {
                await Sql.ExecuteAsync(database, "ALTER TABLE jinbao_events_away RENAME TO jinbao_events");
            }

            // Without its audit event the application is not saved: the caller is told to retry, and nothing stands.
            Assert.Equal((ErrorKind.Unavailable, "storage-unavailable"), (refused.Kind, refused.Code));
            Assert.Equal(0L, await Sql.ScalarAsync<long>(database, "SELECT count(*) FROM orleans_storage WHERE graintypestring = 'pension-transfer'"));

            // The retry applies it once, with its event, and the saved state holds no effects waiting.
            var applied = await transfer.ApplyAsync(application);
            Assert.Equal(TransferStatus.Applied, applied.Status);
            Assert.Equal(1L, await Sql.ScalarAsync<long>(database, "SELECT count(*) FROM jinbao_events WHERE stream = @s", ("s", stream)));
            Assert.Equal(0L, await Sql.ScalarAsync<long>(database, """
                SELECT count(*) FROM orleans_storage
                WHERE convert_from(payloadbinary, 'UTF8')::jsonb -> 'effects' -> 'events' <> '[]'::jsonb
                """));
        }
        finally
        {
            await cluster.DisposeAsync();
        }
    }

    [Fact]
    public async Task Declaration_WhoseStateCannotBeSavedNorReloaded_IsTypedUnavailable_AndTheRetryGetsTheRealOutcome()
    {
        var database = await fixture.CreateDatabaseAsync("effects-unsaved");
        var cluster = await TestClusters.StartAsync(database, silos: 1);
        try
        {
            var id = TestPeople.Next(birthYear: 1990);
            var person = cluster.Client.GetPersonGrain(id);
            await person.EnrolAsync(new EnrolPerson(Guangzhou, Guangzhou, new DateOnly(2024, 1, 1), GuangzhouSystem));
            await person.DeclareContributionAsync(new DeclareContribution(new DeclarationId("d-1"), new YearMonth(2025, 1), Money.FromYuan(8000), GuangzhouSystem));
            var second = new DeclareContribution(new DeclarationId("d-2"), new YearMonth(2025, 2), Money.FromYuan(8000), GuangzhouSystem);

            await Sql.ExecuteAsync(database, "ALTER TABLE orleans_storage RENAME TO orleans_storage_away");
            JinBaoException refused;
            try
            {
                // Neither the write nor the reload that would undo it can reach the table.
                refused = await Assert.ThrowsAsync<JinBaoException>(() => person.DeclareContributionAsync(second));
            }
            finally
            {
                await Sql.ExecuteAsync(database, "ALTER TABLE orleans_storage_away RENAME TO orleans_storage");
            }

            Assert.Equal((ErrorKind.Unavailable, "storage-unavailable"), (refused.Kind, refused.Code));

            // The unsaved declaration did not survive in memory: the record is what storage holds.
            var record = await Retry.UntilSucceedsAsync(() => person.GetRecordAsync(), TimeSpan.FromSeconds(30));
            Assert.Equal([new YearMonth(2025, 1)], record.Segments.Single().Months.Select(m => m.Month));
            Assert.Equal(0L, await Sql.ScalarAsync<long>(database, "SELECT count(*) FROM jinbao_ledger_entries WHERE movement_id LIKE '%:d-2'"));

            // The same request again is decided afresh, once.
            var retried = await person.DeclareContributionAsync(second);
            Assert.Equal(2, retried.Segments.Single().Months.Count);
            Assert.Equal(3L, await Sql.ScalarAsync<long>(database, "SELECT count(*) FROM jinbao_ledger_entries WHERE movement_id LIKE '%:d-2'"));
        }
        finally
        {
            await cluster.DisposeAsync();
        }
    }

    /// <summary>A person with three months in Guangzhou, insured in Shenzhen since: ready to apply for a transfer.</summary>
    private static async Task<CitizenId> MovedFromGuangzhouToShenzhenAsync(IGrainFactory grains, int birthYear)
    {
        var id = TestPeople.Next(birthYear);
        var person = grains.GetPersonGrain(id);
        await person.EnrolAsync(new EnrolPerson(Guangzhou, Guangzhou, new DateOnly(2024, 1, 1), GuangzhouSystem));
        await person.DeclareMonthsAsync(new YearMonth(2024, 1), 3, 8000, GuangzhouSystem);
        await person.EnrolAsync(new EnrolPerson(Guangzhou, Shenzhen, new DateOnly(2025, 1, 1), ShenzhenSystem));
        return id;
    }
}
