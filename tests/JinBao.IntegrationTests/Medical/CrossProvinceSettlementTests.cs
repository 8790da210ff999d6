using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;

using JinBao.Clearing;
using JinBao.Errors;
using JinBao.Exchange;
using JinBao.Grains.Clearing;
using JinBao.Grains.Medical;
using JinBao.IntegrationTests.Exchange;
using JinBao.Medical;
using JinBao.Persons;
using JinBao.Primitives;

namespace JinBao.IntegrationTests.Medical;

/// <summary>
/// Journey: a Shenzhen retiree living in Chengdu is treated there (issue 7). The Chengdu hospital settles through
/// Sichuan's cluster; national routes to Guangdong, which decides with the person's accumulators; national posts it
/// against Guangdong's advance to Sichuan, and the month's statement shows it.
/// </summary>
[Collection(ExchangeTopologyCollection.Name)]
public sealed class CrossProvinceSettlementTests(ExchangeTopologyFixture fixture)
{
    private static readonly RegionCode Shenzhen = RegionCode.Parse("440300");
    private static readonly RegionCode Chengdu = RegionCode.Parse("510100");
    private static readonly Requester ShenzhenSystem = new("city:440300", null);
    private static readonly Requester ChengduHospital = new("city:510100/hospital-7", null);

    private ExchangeTopology Topology => fixture.Topology;

    [Fact]
    public async Task ChengduHospitalSettlesForShenzhenPatient_PostsOnNationalClearing_AndTheMonthsStatementShowsIt()
    {
        var person = TestPeople.Next(birthYear: 1960, addressCode: "440304");
        await Topology.Guangdong.Grains.GetPersonGrain(person).EnrolAsync(new EnrolPerson(Shenzhen, Shenzhen, new DateOnly(2020, 1, 1), ShenzhenSystem));
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        await Topology.Guangdong.Grains.GetMedicalAccountGrain(person).FileAsync(
            new FileForCare(new FilingId("resettled"), FilingType.LongTerm, Chengdu, new DateOnly(today.Year, 1, 1), null, ShenzhenSystem));
        var period = MedicalClearingLedger.PeriodOf(DateTimeOffset.UtcNow);
        var before = await StatementAsync(period);

        // 53,000: 3,000 outside Sichuan's catalogue, 10,000 class B (10% pay-first), 40,000 in scope; Shenzhen's policy.
        var first = Bill($"SC-{Guid.NewGuid():N}", today,
            new FeeLine("S99-VIP-ROOM", 1, Money.FromYuan(3000)), new FeeLine("S91-CLASSB", 1, Money.FromYuan(10000)), new FeeLine("S90-INSCOPE", 1, Money.FromYuan(40000)));
        var settled = await SettleAsync(person, first);

        var decision = settled.Settlement.Decision;
        Assert.Equal((Shenzhen, Chengdu, SettlementStatus.Settled), (settled.Settlement.InsuringCity, settled.Settlement.CareCity, settled.Settlement.Status));
        Assert.Equal(Money.FromYuan(3000), decision.Split.FullyOwnPay);
        Assert.Equal(Money.FromYuan(1000), decision.Split.PreSelfPay);
        Assert.Equal(Money.FromYuan(49000), decision.Split.InScope);
        Assert.Equal(Money.FromYuan(43200), decision.FundPays);                                          // (49,000 − 1,000) × 90%
        Assert.Equal(Money.FromYuan(9800), decision.PatientPays);

        // The hospital retries: the same answer, nothing settled twice anywhere.
        var replay = await SettleAsync(person, first);
        Assert.Equal(settled, replay);
        var account = await Topology.Guangdong.Grains.GetMedicalAccountGrain(person).GetAsync();
        Assert.Equal((Money.FromYuan(43200), Money.FromYuan(1000)), (account.FundPaidByYear[today.Year], account.DeductibleUsedByYear[today.Year]));

        // A second bill, then reversed (冲正): the accumulators and the statement return it.
        var second = Bill($"SC-{Guid.NewGuid():N}", today, new FeeLine("S90-INSCOPE", 1, Money.FromYuan(5000)));
        var other = await SettleAsync(person, second);
        Assert.Equal(Money.FromYuan(4500), other.Settlement.Decision.FundPays);
        var reversed = await Topology.Sichuan.Grains.GetMedicalSettlementGrain(second.SettlementId).ReverseAsync(ChengduHospital, "billing error");
        Assert.Equal(SettlementStatus.Reversed, reversed.Settlement.Status);
        Assert.Equal(Money.FromYuan(43200), (await Topology.Guangdong.Grains.GetMedicalAccountGrain(person).GetAsync()).FundPaidByYear[today.Year]);

        // The month's statement, as both provinces read it from the national clearing.
        var statement = (await Topology.Sichuan.Grains.GetMedicalStatementsGrain(Chengdu).GetStatementsAsync(period))
            .Single(s => s.InsuringProvince == Shenzhen.Province && s.CareProvince == Chengdu.Province);
        Assert.Equal(statement, (await Topology.Guangdong.Grains.GetMedicalStatementsGrain(Shenzhen).GetStatementsAsync(period))
            .Single(s => s.CareProvince == Chengdu.Province));
        Assert.Equal(before.Settlements + 2, statement.Settlements);
        Assert.Equal(before.Reversals + 1, statement.Reversals);
        Assert.Equal(before.Net + Money.FromYuan(43200), statement.Net);
        Assert.Equal(before.Settled + Money.FromYuan(47700), statement.Settled);
        Assert.False(statement.Confirmed);
        Assert.Equal(Money.FromYuan(1_000_000), statement.Advanced);                                     // the first year's minimum advance
        Assert.Equal(statement.Advanced - statement.Net, statement.PrepaymentBalance);

        // The month is not over: its statement cannot be confirmed yet.
        var open = await Assert.ThrowsAsync<JinBaoException>(() =>
            Topology.Guangdong.Grains.GetMedicalStatementsGrain(Shenzhen).ConfirmAsync(period, Chengdu, new Requester("supervisor:li@440300", null), null));
        Assert.Equal("clearing-period-open", open.Code);

        // National's ledger: every settlement and reversal posted once, each movement balanced, in every cluster.
        Assert.Equal(-43200_00, await Sql.ScalarAsync<long>(Topology.National.ConnectionString,
            "SELECT sum(amount_fen)::bigint FROM jinbao_ledger_entries WHERE movement_id IN (@a, @b, @c) AND account = '440000:medical-prepaid:510000'",
            ("a", $"medical-paid:{first.SettlementId}"), ("b", $"medical-paid:{second.SettlementId}"), ("c", $"medical-paid:{second.SettlementId}:reversed")));
        foreach (var cluster in Topology.All)
        {
            Assert.Equal(0, await Sql.ScalarAsync<long>(cluster.ConnectionString, "SELECT count(*) FROM jinbao_ledger_unbalanced_movements"));
        }
    }

    [Fact]
    public async Task UnfiledCareInAnotherCity_IsRefusedWithTheInsuringPlacesReason_AndNothingIsPosted()
    {
        var person = TestPeople.Next(birthYear: 1970, addressCode: "440304");
        await Topology.Guangdong.Grains.GetPersonGrain(person).EnrolAsync(new EnrolPerson(Shenzhen, Shenzhen, new DateOnly(2021, 1, 1), ShenzhenSystem));
        var bill = Bill($"SC-{Guid.NewGuid():N}", DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)), new FeeLine("S90-INSCOPE", 1, Money.FromYuan(8000)));

        var refused = await Assert.ThrowsAsync<JinBaoException>(() =>
            SettleAsync(person, bill));

        Assert.Equal((ErrorKind.RuleViolation, "medical-not-filed"), (refused.Kind, refused.Code));
        Assert.Contains("手工报销", refused.Message);
        Assert.Null(await Topology.Sichuan.Grains.GetMedicalSettlementGrain(bill.SettlementId).GetAsync());
        Assert.Equal(0, await Sql.ScalarAsync<long>(Topology.National.ConnectionString,
            "SELECT count(*) FROM jinbao_ledger_entries WHERE movement_id LIKE @m", ("m", $"%{bill.SettlementId}%")));
    }

    [Fact]
    public async Task PersonInsuredNowhere_IsNotFound()
    {
        var person = TestPeople.Next(birthYear: 1975, addressCode: "440304");
        var bill = Bill($"SC-{Guid.NewGuid():N}", DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)), new FeeLine("S90-INSCOPE", 1, Money.FromYuan(800)));

        var refused = await Assert.ThrowsAsync<JinBaoException>(() =>
            SettleAsync(person, bill));

        Assert.Equal((ErrorKind.NotFound, "person-not-insured"), (refused.Kind, refused.Code));
    }

    [Fact]
    public async Task ForgedOrOverreachingRequests_AreRefused_AndSettleNothing()
    {
        var person = TestPeople.Next(birthYear: 1966, addressCode: "440304");
        await Topology.Guangdong.Grains.GetPersonGrain(person).EnrolAsync(new EnrolPerson(Shenzhen, Shenzhen, new DateOnly(2021, 1, 1), ShenzhenSystem));
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        var bill = Bill($"SC-{Guid.NewGuid():N}", today, new FeeLine("S90-INSCOPE", 1, Money.FromYuan(8000))) with { Emergency = true };
        using var http = new HttpClient();
        using var stranger = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        // Sichuan may not settle for a Guangdong hospital; nobody may sign as Sichuan without its key; Sichuan may not
        // confirm Guangdong's statement; and a request is not a queued document.
        var overreach = Request(DocumentTypes.MedicalSettlementRequest, person.Value, new MedicalSettlementRequestPayload(bill with { CareCity = RegionCode.Parse("440100") }), Topology.Sichuan.Key);
        var forged = Request(DocumentTypes.MedicalSettlementRequest, person.Value, new MedicalSettlementRequestPayload(bill), stranger);
        var confirmation = Request(DocumentTypes.MedicalClearingConfirmation, "",
            new MedicalClearingConfirmationPayload(new YearMonth(2025, 1), Shenzhen.Province, Chengdu.Province, "someone", null), Topology.Sichuan.Key);
        Assert.Equal((HttpStatusCode.BadRequest, "document-sender-not-allowed"), await PostAsync(http, "requests", overreach));
        Assert.Equal((HttpStatusCode.Forbidden, "document-signature-invalid"), await PostAsync(http, "requests", forged));
        Assert.Equal((HttpStatusCode.Forbidden, "document-sender-not-allowed"), await PostAsync(http, "requests", confirmation));
        Assert.Equal((HttpStatusCode.UnprocessableEntity, "document-misrouted"),
            await PostAsync(http, "documents", Request(DocumentTypes.MedicalSettlementRequest, person.Value, new MedicalSettlementRequestPayload(bill), Topology.Sichuan.Key)));

        Assert.Empty((await Topology.Guangdong.Grains.GetMedicalAccountGrain(person).GetAsync()).Settlements);
        Assert.Equal(0, await Sql.ScalarAsync<long>(Topology.National.ConnectionString,
            "SELECT count(*) FROM jinbao_ledger_entries WHERE movement_id LIKE @m", ("m", $"%{bill.SettlementId}%")));
    }

    private static ExchangeDocument Request(string type, string citizenId, object payload, ECDsa key)
    {
        var outgoing = ExchangeJson.Create(DocumentId.New(), type, JinBaoCluster.NationalId, citizenId, null, payload, DateTimeOffset.UtcNow);
        var document = new ExchangeDocument(outgoing.DocumentId, outgoing.Type, "prov-510000", outgoing.Receiver, outgoing.CitizenId, null, outgoing.Payload, outgoing.CreatedAt, "");
        return document with
        {
            Signature = Convert.ToBase64String(key.SignData(document.CanonicalBytes(), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation)),
        };
    }

    private async Task<(HttpStatusCode Status, string? Code)> PostAsync(HttpClient http, string path, ExchangeDocument document)
    {
        using var response = await http.PostAsJsonAsync($"http://127.0.0.1:{Topology.National.Silos[0].HttpPort}/exchange/v1/{path}", document, ExchangeJson.Wire);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, problem.RootElement.TryGetProperty("code", out var code) ? code.GetString() : null);
    }

    /// <summary>As a hospital does: when the insuring place cannot be reached, retry with the same settlement id.</summary>
    private async Task<CareSettlementView> SettleAsync(CitizenId person, SettleBill bill)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await Topology.Sichuan.Grains.GetMedicalSettlementGrain(bill.SettlementId).SettleAsync(new SettleForPatient(person, bill));
            }
            catch (JinBaoException exception) when (exception.Kind == ErrorKind.Unavailable && attempt < 3)
            {
                // nothing was settled that the care place knows of; the retry gets the insuring place's one answer
            }
        }
    }

    private static SettleBill Bill(string settlementId, DateOnly admittedOn, params FeeLine[] lines) =>
        new(new SettlementId(settlementId), Chengdu, admittedOn, false, lines, ChengduHospital);

    private async Task<ClearingStatementView> StatementAsync(YearMonth period) =>
        (await Topology.Sichuan.Grains.GetMedicalStatementsGrain(Chengdu).GetStatementsAsync(period))
            .SingleOrDefault(s => s.InsuringProvince == Shenzhen.Province && s.CareProvince == Chengdu.Province)
        ?? new ClearingStatementView(period, Shenzhen.Province, Chengdu.Province, 0, 0, Money.Zero, Money.Zero, Money.Zero, false, Money.Zero, Money.Zero);
}
