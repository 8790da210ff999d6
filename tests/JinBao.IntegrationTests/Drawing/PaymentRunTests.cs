using JinBao.Drawing;
using JinBao.Grains.Drawing;
using JinBao.IntegrationTests.Infrastructure;
using JinBao.Persons;
using JinBao.Primitives;

namespace JinBao.IntegrationTests.Drawing;

[Collection(PostgresCollection.Name)]
public sealed class PaymentRunTests(PostgresFixture fixture)
{
    private static readonly YearMonth December = new(2026, 12);
    private static readonly YearMonth January = new(2027, 1);
    private static readonly YearMonth February = new(2027, 2);

    /// <summary>
    /// Three retirees of Guangdong living in Sichuan, Beijing and Guangdong; three monthly runs with an adjustment from
    /// January; the third retiree's death (in November) is notified after two payments: February pays only two, and the
    /// recovery case holds exactly December and January. Every line, batch and ledger posting is checked to the fen.
    /// </summary>
    [Fact]
    public async Task ThreeMonthlyRuns_AdjustmentAndDeath_PayEveryAmountToTheFenAndPostBatchTotals()
    {
        await using var province = await DrawingProvince.StartAsync(fixture.Postgres);
        var (a, aEntitled) = await province.RetireeAsync("icbc", "510100", 9000);   // lives in Chengdu, Sichuan
        var (b, bEntitled) = await province.RetireeAsync("ccb", "110100", 12000);   // lives in Beijing
        var (c, cEntitled) = await province.RetireeAsync("icbc", "440100", 7000);   // lives in Guangzhou
        var bases = new Dictionary<string, Money> { [a.Value] = aEntitled.MonthlyPension, [b.Value] = bEntitled.MonthlyPension, [c.Value] = cEntitled.MonthlyPension };
        Assert.Equal("510100", (await province.Cluster.Client.GetPersonGrain(a).GetPayeeAsync()).ResidenceRegion.Value);

        // December: the base pension, as fixed at retirement.
        province.Clock.Set(new DateTimeOffset(2026, 12, 10, 9, 0, 0, TimeSpan.Zero));
        var december = await province.RunAsync(December);
        await AssertLinesAsync(province, December, bases.ToDictionary(p => p.Key, p => new Dictionary<YearMonth, long> { [December] = p.Value.Fen }));
        Assert.Equal(3, december.PayeesPaid);
        Assert.Equal(Money.Sum(bases.Values), december.Total);

        // The annual adjustment from January: one insert; 2.35% then 10.00 yuan, rounded to the fen half away from zero.
        var rule = await province.Payments.AddAdjustmentRuleAsync(
            new AdjustmentRuleView(0, "440000", January, 2.35m, Money.FromYuan(10), "sample notice 2027"), Requester.System);
        Money Adjusted(Money monthly) => monthly.MultiplyBy(1.0235m) + Money.FromYuan(10);
        Assert.Equal(Adjusted(bases[a.Value]), PensionAdjustment.AmountFor(bases[a.Value], December, January, [rule]));

        province.Clock.Set(new DateTimeOffset(2027, 1, 10, 9, 0, 0, TimeSpan.Zero));
        await province.RunAsync(January);
        await AssertLinesAsync(province, January, bases.ToDictionary(p => p.Key, p => new Dictionary<YearMonth, long> { [January] = Adjusted(p.Value).Fen }));

        // The civil-affairs feed reports that C died on 2026-11-20: payable through November, so December and January were overpaid.
        province.Clock.Set(new DateTimeOffset(2027, 1, 25, 9, 0, 0, TimeSpan.Zero));
        var settlement = await province.Cluster.Client.GetPersonGrain(c).NotifyDeathAsync(
            new NotifyDeath(DeathSource.CivilAffairs, new DateOnly(2026, 11, 20), new Requester("city:440100/feed-civil-affairs", "d-1")));
        Assert.Equal(new YearMonth(2026, 11), settlement.Payee.DeathMonth);
        Assert.Equal(Money.FromYuan(6000), settlement.FuneralGrant);                       // SAMPLE Guangdong standard
        Assert.Equal(cEntitled.MonthlyPension * 12, settlement.SurvivorBenefit);
        Assert.Equal(cEntitled.AccountBalance, settlement.InheritableBalance);             // died before the first month due: nothing drawn
        var again = await province.Cluster.Client.GetPersonGrain(c).NotifyDeathAsync(
            new NotifyDeath(DeathSource.PublicSecurity, new DateOnly(2026, 11, 20), Requester.System));
        Assert.Equal(settlement, again);

        var recovery = Assert.Single(await province.Payments.GetRecoveryCasesAsync(10));
        Assert.Equal(c, recovery.CitizenId);
        Assert.Equal([December, January], recovery.OverpaidMonths);
        Assert.Equal(bases[c.Value] + Adjusted(bases[c.Value]), recovery.Overpayment);
        Assert.Equal("open", recovery.Status);

        // February: C is no longer paid anywhere.
        province.Clock.Set(new DateTimeOffset(2027, 2, 10, 9, 0, 0, TimeSpan.Zero));
        var february = await province.RunAsync(February);
        await AssertLinesAsync(province, February, new()
        {
            [a.Value] = new() { [February] = Adjusted(bases[a.Value]).Fen },
            [b.Value] = new() { [February] = Adjusted(bases[b.Value]).Fen },
        });
        Assert.Equal(2, february.PayeesPaid);

        // The ledger: every movement balances; the fund paid out exactly the sum of every line of the three runs.
        Assert.Equal(0, await province.CountAsync("SELECT count(*) FROM jinbao_ledger_unbalanced_movements"));
        var paid = await province.CountAsync("SELECT sum(amount_fen) FROM jinbao_pension_payment_lines");
        Assert.Equal(-paid, await province.CountAsync("SELECT balance_fen FROM jinbao_ledger_balances WHERE account = '440000:pension-fund'"));
        Assert.Equal(Money.Sum(bases.Values) + Money.Sum(bases.Values.Select(Adjusted)) + Adjusted(bases[a.Value]) + Adjusted(bases[b.Value]), new Money(paid));
    }

    [Fact]
    public async Task RunAgain_SameMonth_ReturnsTheSameBatchesAndPostsNothing()
    {
        await using var province = await DrawingProvince.StartAsync(fixture.Postgres);
        await province.RetireeAsync("icbc", "510100", 9000);
        await province.RetireeAsync("boc", "310100", 8000);
        province.Clock.Set(new DateTimeOffset(2026, 12, 10, 9, 0, 0, TimeSpan.Zero));
        var first = await province.RunAsync(December);
        var batches = await province.Payments.GetBatchesAsync(December);
        var entries = await province.CountAsync("SELECT count(*) FROM jinbao_ledger_entries");

        var second = await province.RunAsync(December);
        var direct = await new PaymentRun(province.DataSource) { ChunkSize = 1 }.RunAsync(DrawingProvince.Guangdong, December);

        Assert.Equal(first, second);
        Assert.Equal(first, direct);
        Assert.Equal(batches, await province.Payments.GetBatchesAsync(December));
        Assert.Equal(entries, await province.CountAsync("SELECT count(*) FROM jinbao_ledger_entries"));
        Assert.Equal(2, await province.CountAsync("SELECT count(*) FROM jinbao_pension_payment_lines"));
    }

    /// <summary>
    /// Retirement counts as a verification (valid until 2027-11-01): November 2027 is paid, December suspends the
    /// retiree before paying anyone, January pays nothing either; a face check on 2028-01-15 lifts the suspension and
    /// February back-pays December and January with February, at the base amount, exactly once.
    /// </summary>
    [Fact]
    public async Task ExpiredVerification_SuspendsThenLaterVerification_BackPaysTheSuspendedMonthsExactly()
    {
        await using var province = await DrawingProvince.StartAsync(fixture.Postgres);
        var (id, entitled) = await province.RetireeAsync("psbc", "450100", 8000); // lives in Nanning, Guangxi
        var person = province.Cluster.Client.GetPersonGrain(id);
        var monthly = entitled.MonthlyPension.Fen;

        await province.RunAsync(December);
        var november = new YearMonth(2027, 11);
        var december2027 = new YearMonth(2027, 12);
        var january2028 = new YearMonth(2028, 1);
        var february2028 = new YearMonth(2028, 2);
        await province.RunAsync(november);
        await AssertLinesAsync(province, november, new() { [id.Value] = new() { [november] = monthly } });

        var suspended = await province.RunAsync(december2027);
        Assert.Equal(1, suspended.Suspended);
        Assert.Equal(0, suspended.Lines);
        Assert.Empty(await province.Payments.GetBatchesAsync(december2027));
        Assert.Equal(0, (await province.RunAsync(january2028)).Lines);

        province.Clock.Set(new DateTimeOffset(2028, 1, 20, 9, 0, 0, TimeSpan.Zero));
        var payee = await person.RecordVerificationAsync(new RecordVerification("face-1", VerificationMethod.FaceCheck, new DateOnly(2028, 1, 15), Requester.System));
        Assert.Equal(new DateOnly(2029, 1, 15), payee.VerifiedUntil);

        var resumed = await province.RunAsync(february2028);
        await AssertLinesAsync(province, february2028, new() { [id.Value] = new() { [december2027] = monthly, [january2028] = monthly, [february2028] = monthly } });
        Assert.Equal(new Money(monthly * 3), resumed.Total);
        Assert.Equal(1, (await province.RunAsync(new YearMonth(2028, 3))).Lines); // back to one month a run
        Assert.Equal(0, await province.CountAsync("SELECT count(*) FROM jinbao_ledger_unbalanced_movements"));
    }

    [Fact]
    public async Task RegisterResidence_MoveAndNewBank_NextRunPaysTheNewAccount()
    {
        await using var province = await DrawingProvince.StartAsync(fixture.Postgres);
        var (id, _) = await province.RetireeAsync("icbc", "440100", 9000);
        var payee = await province.Cluster.Client.GetPersonGrain(id).RegisterResidenceAsync(
            new RegisterResidence(RegionCode.Parse("510100"), "abc", "6228480012345678", Requester.System));

        Assert.Equal("510100", payee.ResidenceRegion.Value);
        Assert.Equal("************5678", payee.BankAccountMasked);
        Assert.Equal("440000", payee.DrawingProvince.Value);              // the relationship does not move
        await province.RunAsync(December);
        var batch = Assert.Single(await province.Payments.GetBatchesAsync(December));
        Assert.Equal("abc", batch.Bank);
        Assert.Equal(1, await province.CountAsync("SELECT count(*) FROM jinbao_pension_entitlements WHERE residence_region = '510100' AND bank_account = '6228480012345678'"));
    }

    /// <summary>Lines are the projection × the rules (checked against the C# reference), batches are the lines by bank, postings are the batches.</summary>
    private static async Task AssertLinesAsync(DrawingProvince province, YearMonth runMonth, Dictionary<string, Dictionary<YearMonth, long>> expected)
    {
        var lines = await province.LinesAsync(runMonth);
        Assert.Equal(expected.Keys.Order(), lines.Keys.Order());
        foreach (var (person, months) in expected)
        {
            Assert.Equal(months.OrderBy(m => m.Key), lines[person].OrderBy(m => m.Key));
        }

        var batches = await province.Payments.GetBatchesAsync(runMonth);
        var postings = await province.PostingsAsync(runMonth);
        var byBank = await BankTotalsAsync(province, runMonth);
        Assert.Equal(byBank.Keys.Order(), batches.Select(b => b.Bank).Order());
        foreach (var batch in batches)
        {
            Assert.Equal(byBank[batch.Bank], batch.Total.Fen);
            Assert.Equal((-batch.Total.Fen, batch.Total.Fen), postings[batch.Bank]);
        }
    }

    private static async Task<Dictionary<string, long>> BankTotalsAsync(DrawingProvince province, YearMonth runMonth)
    {
        await using var command = province.DataSource.CreateCommand(
            "SELECT bank, sum(amount_fen) FROM jinbao_pension_payment_lines WHERE run_month = $1 GROUP BY bank");
        command.Parameters.Add(new() { Value = runMonth.FirstDay });
        await using var reader = await command.ExecuteReaderAsync();
        var totals = new Dictionary<string, long>();
        while (await reader.ReadAsync())
        {
            totals[reader.GetString(0)] = reader.GetInt64(1);
        }

        return totals;
    }
}
