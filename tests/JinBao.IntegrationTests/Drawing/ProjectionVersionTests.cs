using JinBao.Effects;
using JinBao.Grains.Effects;
using JinBao.IntegrationTests.Infrastructure;

using Microsoft.Extensions.DependencyInjection;

namespace JinBao.IntegrationTests.Drawing;

[Collection(PostgresCollection.Name)]
public sealed class ProjectionVersionTests(PostgresFixture fixture)
{
    /// <summary>
    /// An effect can be written again (a state stored by an older version still holding it), so an old projection upsert
    /// can arrive after a newer one: it must change nothing, while the newer one always wins.
    /// </summary>
    [Fact]
    public async Task OlderUpsertArrivingLate_ChangesNothing_NewerOneWins()
    {
        await using var province = await DrawingProvince.StartAsync(fixture.Postgres);
        var (person, _) = await province.RetireeAsync("icbc", "510100", 9000);
        var writer = province.Cluster.Silos[0].ServiceProvider.GetRequiredService<EffectWriter>();
        var row = await RowAsync(province, person.Value);

        await DeliverAsync(writer, Projection(person.Value, "boc", version: row.Version + 5));
        await DeliverAsync(writer, Projection(person.Value, "ccb", version: row.Version + 2));   // late, older
        var after = await RowAsync(province, person.Value);
        await DeliverAsync(writer, Projection(person.Value, "abc", version: row.Version + 6));
        var newest = await RowAsync(province, person.Value);

        Assert.Equal(("boc", row.Version + 5), (after.Bank, after.Version));
        Assert.Equal(("abc", row.Version + 6), (newest.Bank, newest.Version));
    }

    private static EntitlementProjection Projection(string citizenId, string bank, long version) =>
        new(citizenId, "440000", "440300", "510100", bank, "6222000011112222", 900_000, new DateOnly(2026, 12, 1), "active", new DateOnly(2027, 11, 1), null, version);

    private static async Task DeliverAsync(EffectWriter writer, EntitlementProjection projection)
    {
        var effects = new PendingEffects();
        effects.Add(projection);
        await writer.DeliverAsync(effects);
    }

    private static async Task<(string Bank, long Version)> RowAsync(DrawingProvince province, string citizenId) =>
        ((await Sql.StringsAsync(province.ConnectionString, "SELECT bank FROM jinbao_pension_entitlements WHERE citizen_id = @c", ("c", citizenId))).Single(),
         await Sql.ScalarAsync<long>(province.ConnectionString, "SELECT version FROM jinbao_pension_entitlements WHERE citizen_id = @c", ("c", citizenId)));
}
