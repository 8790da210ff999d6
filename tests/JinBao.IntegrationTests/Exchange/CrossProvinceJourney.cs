using System.Globalization;

using JinBao.Persons;
using JinBao.Primitives;
using JinBao.Transfers;

namespace JinBao.IntegrationTests.Exchange;

/// <summary>
/// Journey 1 (Wang Jun goes home), up to the application: hukou Chengdu, Shenzhen 2014-03..2026-02 at 9,000; the
/// Shenzhen employer reports he left; Chengdu enrols him on 2026-03-02 and he contributes for March.
/// </summary>
public sealed class CrossProvinceJourney(ExchangeTopology topology)
{
    public static readonly RegionCode Shenzhen = RegionCode.Parse("440300");
    public static readonly RegionCode Chengdu = RegionCode.Parse("510100");
    public static readonly Requester ShenzhenSystem = new("city:440300", null);
    public static readonly Requester ChengduSystem = new("city:510100", null);
    public static readonly Requester ShenzhenClerk = new("clerk:chen@440300", "approve-1");

    public const int ShenzhenMonths = 144;
    public const decimal Base = 9000;

    public CitizenId Person { get; } = TestPeople.Next(birthYear: 1979, addressCode: "510104");

    public TransferId Transfer { get; } = TransferId.New();

    /// <summary>His Shenzhen segment as Guangdong held it before the release.</summary>
    public SegmentView ShenzhenBefore { get; private set; } = null!;

    public IInsuredPersonGrain InGuangdong => topology.Guangdong.Grains.GetPersonGrain(Person);

    public IInsuredPersonGrain InSichuan => topology.Sichuan.Grains.GetPersonGrain(Person);

    public IPensionTransferGrain TransferInGuangdong => topology.Guangdong.Grains.GetTransferGrain(Transfer);

    public IPensionTransferGrain TransferInSichuan => topology.Sichuan.Grains.GetTransferGrain(Transfer);

    /// <summary>Total funds the release moves: the whole individual account + 12% of the bases.</summary>
    public long ExpectedFundsFen => ShenzhenBefore.IndividualAccountBalance.Fen + ExpectedPooledFen;

    public long ExpectedPooledFen => ShenzhenBefore.Months.Sum(m => m.Base.Fen) * 12 / 100;

    public async Task InsureInShenzhenThenChengduAsync()
    {
        await InGuangdong.EnrolAsync(new EnrolPerson(Chengdu, Shenzhen, new DateOnly(2014, 3, 1), ShenzhenSystem));
        var record = await InGuangdong.DeclareMonthsAsync(new YearMonth(2014, 3), ShenzhenMonths, Base, ShenzhenSystem);
        ShenzhenBefore = record.Segments.Single(s => s.City == Shenzhen);
        await InGuangdong.StopContributingAsync(new StopContributing(Shenzhen, new DateOnly(2026, 2, 28), ShenzhenSystem));
        await InSichuan.EnrolAsync(new EnrolPerson(Chengdu, Chengdu, new DateOnly(2026, 3, 2), ChengduSystem));
        await InSichuan.DeclareMonthsAsync(new YearMonth(2026, 3), 1, 8000, ChengduSystem);
    }

    /// <summary>Chengdu applies (one call); its policy approves at once and the contact letter leaves for Guangdong.</summary>
    public Task<TransferView> ApplyInChengduAsync() =>
        TransferInSichuan.ApplyAsync(new ApplyForTransfer(Person, Shenzhen, Chengdu, new Requester("city:510100", "wang-jun-transfer")));

    /// <summary>Waits until a cluster's side of the transfer is at <paramref name="status"/>.</summary>
    public static Task<TransferView> WaitForAsync(IPensionTransferGrain transfer, TransferStatus status, int seconds = 30) =>
        Retry.UntilSucceedsAsync(async () =>
        {
            var view = await transfer.GetAsync();
            return view.Status == status ? view : throw new InvalidOperationException($"still {view.Status}");
        }, TimeSpan.FromSeconds(seconds));

    public static async Task<long> LongAsync(string connectionString, string sql, params (string Name, object Value)[] parameters) =>
        Convert.ToInt64(await Sql.ScalarAsync<object>(connectionString, sql, parameters), CultureInfo.InvariantCulture);
}
