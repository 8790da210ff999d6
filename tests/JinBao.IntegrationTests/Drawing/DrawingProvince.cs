using System.Globalization;

using JinBao.Drawing;
using JinBao.Persons;
using JinBao.Primitives;

using Npgsql;

using Orleans.TestingHost;

namespace JinBao.IntegrationTests.Drawing;

/// <summary>
/// Guangdong as a drawing province for one test: its own database and one-silo cluster on a manual clock, retirees
/// made through the person grain (enrol, 180 declared months, retire), and SQL reads of lines, batches and the ledger.
/// </summary>
public sealed class DrawingProvince : IAsyncDisposable
{
    public static readonly RegionCode Guangdong = RegionCode.Parse("440000");
    public static readonly RegionCode Shenzhen = RegionCode.Parse("440300");
    public static readonly DateOnly RetiredOn = new(2026, 11, 1);

    private DrawingProvince(string connectionString, ManualClock clock, InProcessTestCluster cluster)
    {
        ConnectionString = connectionString;
        Clock = clock;
        Cluster = cluster;
        DataSource = NpgsqlDataSource.Create(connectionString);
    }

    public string ConnectionString { get; }

    public ManualClock Clock { get; }

    public InProcessTestCluster Cluster { get; }

    public NpgsqlDataSource DataSource { get; }

    public IPensionPaymentsGrain Payments => Cluster.Client.GetPaymentsGrain(Guangdong);

    public static async Task<DrawingProvince> StartAsync(TestPostgres postgres)
    {
        var connectionString = await postgres.CreateDatabaseAsync("drawing");
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.FromHours(8)));
        return new DrawingProvince(connectionString, clock, await TestClusters.StartAsync(connectionString, silos: 1, clock));
    }

    /// <summary>A woman insured in Shenzhen for 180 months, retired on 2026-11-01 and paid to <paramref name="bank"/>, living in <paramref name="residence"/>.</summary>
    public async Task<(CitizenId Id, EntitlementView Entitlement)> RetireeAsync(string bank, string residence, decimal baseYuan)
    {
        var id = TestPeople.Next(birthYear: 1974, female: true, addressCode: "440304");
        var person = Cluster.Client.GetPersonGrain(id);
        var request = new Requester("city:440300", null);
        await person.EnrolAsync(new EnrolPerson(Shenzhen, Shenzhen, new DateOnly(2011, 11, 1), request));
        await person.DeclareMonthsAsync(new YearMonth(2011, 11), 180, baseYuan, request);
        var entitlement = await person.RetireAsync(new RetirePerson(RetiredOn, false, request, bank,
            "62220" + id.Value[^10..^1], RegionCode.Parse(residence)));
        return (id, entitlement);
    }

    /// <summary>Starts the run through the province's grain and waits until it completes.</summary>
    public async Task<PaymentRunView> RunAsync(YearMonth month)
    {
        var run = await Payments.StartRunAsync(month, new Requester("supervisor:pay@440000", null));
        for (var i = 0; run.Status != "completed" && i < 600; i++)
        {
            await Task.Delay(100);
            run = await Payments.GetRunAsync(month);
        }

        Assert.Equal("completed", run.Status);
        return run;
    }

    /// <summary>Every payment line of a run: citizen id → (month paid for → fen).</summary>
    public async Task<Dictionary<string, Dictionary<YearMonth, long>>> LinesAsync(YearMonth runMonth)
    {
        await using var command = DataSource.CreateCommand(
            "SELECT citizen_id, for_month, amount_fen FROM jinbao_pension_payment_lines WHERE province = '440000' AND run_month = $1");
        command.Parameters.Add(new() { Value = runMonth.FirstDay });
        await using var reader = await command.ExecuteReaderAsync();
        var lines = new Dictionary<string, Dictionary<YearMonth, long>>();
        while (await reader.ReadAsync())
        {
            var person = lines.TryGetValue(reader.GetString(0), out var months) ? months : lines[reader.GetString(0)] = [];
            person[YearMonth.Of(reader.GetFieldValue<DateOnly>(1))] = reader.GetInt64(2);
        }

        return lines;
    }

    /// <summary>What the ledger holds for a run: bank → (pension-fund leg, bank-payable leg).</summary>
    public async Task<Dictionary<string, (long Fund, long Payable)>> PostingsAsync(YearMonth runMonth)
    {
        var prefix = $"pension-payment:440000:{runMonth}:";
        await using var command = DataSource.CreateCommand("""
            SELECT substr(movement_id, length($1) + 1), sum(amount_fen) FILTER (WHERE account = '440000:pension-fund'),
                   sum(amount_fen) FILTER (WHERE account LIKE '440000:bank-payable:%'), count(*)
            FROM jinbao_ledger_entries WHERE movement_id LIKE $1 || '%' GROUP BY 1
            """);
        command.Parameters.Add(new() { Value = prefix });
        await using var reader = await command.ExecuteReaderAsync();
        var postings = new Dictionary<string, (long, long)>();
        while (await reader.ReadAsync())
        {
            Assert.Equal(2, reader.GetInt64(3));
            postings[reader.GetString(0)] = (reader.GetInt64(1), reader.GetInt64(2));
        }

        return postings;
    }

    /// <summary>A single number from SQL (count, sum or balance).</summary>
    public async Task<long> CountAsync(string sql) =>
        Convert.ToInt64(await Sql.ScalarAsync<object>(ConnectionString, sql), CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        await Cluster.DisposeAsync();
    }
}
