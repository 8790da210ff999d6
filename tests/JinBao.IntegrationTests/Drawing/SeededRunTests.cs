using JinBao.Drawing;
using JinBao.Grains.Drawing;
using JinBao.IntegrationTests.Infrastructure;
using JinBao.Primitives;

using Npgsql;

namespace JinBao.IntegrationTests.Drawing;

/// <summary>The run straight on a seeded projection (no cluster): chunking, resuming, and SQL amounts against the C# reference.</summary>
[Collection(PostgresCollection.Name)]
public sealed class SeededRunTests(PostgresFixture fixture)
{
    private static readonly RegionCode Sichuan = RegionCode.Parse("510000");

    [Fact]
    public async Task InterruptedRun_ResumesAfterTheLastChunk_AndEveryAmountMatchesTheReferenceRules()
    {
        await using var data = NpgsqlDataSource.Create(await fixture.Postgres.CreateDatabaseAsync("seeded"));
        var month = new YearMonth(2027, 3);
        Assert.Equal(700, await RetireeSeeder.SeedAsync(data, Sichuan, 700, new YearMonth(2026, 6), new DateOnly(2027, 6, 1)));
        Assert.Equal(300, await RetireeSeeder.SeedAsync(data, Sichuan, 300, new YearMonth(2027, 2), new DateOnly(2027, 6, 1), batch: 1));
        Assert.Equal(5, await RetireeSeeder.SeedAsync(data, RegionCode.Parse("440000"), 5, new YearMonth(2026, 6), new DateOnly(2027, 6, 1), batch: 2));
        var queries = new PaymentQueries(data);
        await queries.AddRuleAsync(new AdjustmentRuleView(0, "all", new YearMonth(2027, 1), 2.0m, Money.Zero, "national 2027"));
        await queries.AddRuleAsync(new AdjustmentRuleView(0, "510000", new YearMonth(2027, 1), 0.5m, Money.FromYuan(33.33m), "Sichuan 2027"));
        await queries.AddRuleAsync(new AdjustmentRuleView(0, "510000", new YearMonth(2027, 3), 1.2345m, Money.FromYuan(0.05m), "Sichuan spring"));
        await queries.AddRuleAsync(new AdjustmentRuleView(0, "440000", new YearMonth(2027, 1), 50m, Money.Zero, "another province's"));

        var run = new PaymentRun(data) { ChunkSize = 97 };
        await run.BeginAsync(Sichuan, month);
        for (var i = 0; i < 3; i++)
        {
            Assert.False(await run.PayNextChunkAsync(Sichuan, month));
        }

        var progress = await queries.FindRunAsync(Sichuan, month);
        Assert.Equal(("running", 3, 3 * 97L, 1000L), (progress!.Status, progress.ChunksDone, progress.PayeesPaid, progress.PayeesExpected));

        var done = await new PaymentRun(data) { ChunkSize = 97 }.RunAsync(Sichuan, month); // "after the crash"
        Assert.Equal(("completed", 11, 1000L, 1000L), (done.Status, done.ChunksDone, done.PayeesPaid, done.Lines));

        // Every line against the reference: Sichuan's own rules and the national one, in effective order.
        var rules = await queries.GetRulesAsync(Sichuan);
        Assert.Equal(["national 2027", "Sichuan 2027", "Sichuan spring"], rules.Select(r => r.Description));
        await using var command = data.CreateCommand("""
            SELECT e.base_monthly_fen, e.start_month, l.amount_fen, l.bank FROM jinbao_pension_payment_lines l
            JOIN jinbao_pension_entitlements e USING (citizen_id) WHERE l.run_month = $1
            """);
        command.Parameters.Add(new() { Value = month.FirstDay });
        var byBank = new Dictionary<string, long>();
        var lines = 0;
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                var expected = PensionAdjustment.AmountFor(new Money(reader.GetInt64(0)), YearMonth.Of(reader.GetFieldValue<DateOnly>(1)), month, rules);
                Assert.Equal(expected.Fen, reader.GetInt64(2));
                byBank[reader.GetString(3)] = byBank.GetValueOrDefault(reader.GetString(3)) + expected.Fen;
                lines++;
            }
        }

        Assert.Equal(1000, lines);
        var batches = await queries.GetBatchesAsync(Sichuan, month);
        Assert.Equal(byBank.OrderBy(b => b.Key), batches.Select(b => KeyValuePair.Create(b.Bank, b.Total.Fen)));
        Assert.Equal(done.Total.Fen, byBank.Values.Sum());
        Assert.Equal(0L, await Sql.ScalarAsync<long>(data.ConnectionString, "SELECT count(*) FROM jinbao_ledger_unbalanced_movements"));
        Assert.Equal(-done.Total.Fen, await Sql.ScalarAsync<decimal>(data.ConnectionString,
            "SELECT sum(amount_fen) FROM jinbao_ledger_entries WHERE account = '510000:pension-fund'"));
    }

    [Fact]
    public async Task AddRule_SameScopeAndMonthTwice_IsRefusedAsExisting()
    {
        await using var data = NpgsqlDataSource.Create(await fixture.Postgres.CreateDatabaseAsync("rules"));
        var queries = new PaymentQueries(data);
        var rule = new AdjustmentRuleView(0, "all", new YearMonth(2027, 1), 2m, Money.Zero, "");
        Assert.True((await queries.AddRuleAsync(rule)).RuleId > 0);

        var error = await Assert.ThrowsAsync<Errors.JinBaoException>(() => queries.AddRuleAsync(rule));

        Assert.Equal("adjustment-rule-exists", error.Code);
    }
}
