using JinBao.Errors;
using JinBao.Medical;
using JinBao.Persons;
using JinBao.Primitives;

namespace JinBao.UnitTests.Medical;

/// <summary>Journey 3: Zhang Wei's father, insured in Chengdu, lives in Beijing and is treated there.</summary>
public sealed class MedicalAccountTests
{
    private static readonly RegionCode Beijing = RegionCode.Parse("110100");
    private static readonly RegionCode Chengdu = RegionCode.Parse("510100");
    private static readonly Requester Hospital = new("city:110100", null);

    private readonly MedicalAccountState _state = new();

    private MedicalAccount Account => new(_state, CitizenId.Create("510104", new DateOnly(1955, 3, 1), 31), Chengdu,
        MedicalCatalogue.Official, MedicalPolicies.Official, new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.FromHours(8)));

    private static SettleBill Bill(string id, bool emergency = false) => new(new SettlementId(id), Beijing, new DateOnly(2026, 11, 2), emergency,
    [
        new FeeLine("B92-SELF", 1, Money.FromYuan(3000)),
        new FeeLine("B91-CLASSB", 1, Money.FromYuan(10000)),
        new FeeLine("B90-INSCOPE", 1, Money.FromYuan(37000)),
    ], Hospital);

    [Fact]
    public void Settle_Unfiled_IsRefusedWithWhatToDo_ButAnEmergencyIsDeemedFiled()
    {
        var error = Assert.Throws<JinBaoException>(() => Account.Settle(Bill("s-1")));
        var emergency = Account.Settle(Bill("s-2", emergency: true));

        Assert.Equal("medical-not-filed", error.Code);
        Assert.Contains("claim manually", error.Message, StringComparison.Ordinal);
        Assert.Equal(FilingType.Emergency, emergency.FilingType);
        Assert.Equal(Money.FromYuan(45000 * 0.75m), emergency.Decision.FundPays);
    }

    [Fact]
    public void Settle_LongTermResident_SpecExample_AndARepeatReturnsTheSameResult()
    {
        Account.File(new FileForCare(new FilingId("f-1"), FilingType.LongTerm, Beijing, new DateOnly(2026, 1, 1), null, Hospital));

        var first = Account.Settle(Bill("s-1"));
        var again = Account.Settle(Bill("s-1"));

        Assert.Equal(Money.FromYuan(38250), first.Decision.FundPays);
        Assert.Equal(first, again);
        Assert.Single(_state.Pending.Movements);
        Assert.Equal("settlement-id-reused", Assert.Throws<JinBaoException>(() => Account.Settle(Bill("s-1", emergency: true))).Code);
    }

    [Fact]
    public void Reverse_RestoresTheAccumulatorsAndPostsTheOppositeMovementOnce()
    {
        Account.File(new FileForCare(new FilingId("f-1"), FilingType.LongTerm, Beijing, new DateOnly(2026, 1, 1), null, Hospital));
        Account.Settle(Bill("s-1"));

        Assert.Equal("settlement-not-found", Assert.Throws<JinBaoException>(() => Account.Reverse(new SettlementId("s-1"), RegionCode.Parse("440300"), Hospital)).Code);
        Account.Reverse(new SettlementId("s-1"), Beijing, Hospital);
        var twice = Account.Reverse(new SettlementId("s-1"), Beijing, Hospital);

        Assert.Equal(SettlementStatus.Reversed, twice.Status);
        Assert.Equal(MedicalAccumulators.Empty, _state.Years[2026]);
        Assert.Equal(2, _state.Pending.Movements.Count);
        Assert.Equal(Money.Zero, Money.Sum(_state.Pending.Movements.SelectMany(m => m.Legs).Select(l => l.Amount)));
        Assert.Equal(Money.FromYuan(38250), Account.Settle(Bill("s-2")).Decision.FundPays); // the deductible applies again
    }

    [Theory]
    [InlineData(FilingType.Referral, "2026-01-01", "2026-05-31")]
    [InlineData(FilingType.LongTerm, "2026-01-01", "2026-12-31")]
    public void File_BadValidity_IsInvalidInput(FilingType type, string from, string until)
    {
        var error = Assert.Throws<JinBaoException>(() => Account.File(new FileForCare(new FilingId("f"), type, Beijing, DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(until, System.Globalization.CultureInfo.InvariantCulture), Hospital)));

        Assert.Equal("filing-validity", error.Code);
        Assert.Empty(_state.Filings);
    }

    [Fact]
    public void ChangeFiling_ReplacementCoversTheNewCity_TheOldOneNoLonger_AndARepeatChangesNothing()
    {
        var shanghai = RegionCode.Parse("310100");
        Account.File(new FileForCare(new FilingId("bj"), FilingType.LongTerm, Beijing, new DateOnly(2026, 1, 1), null, Hospital));
        var replacement = new FileForCare(new FilingId("sh"), FilingType.LongTerm, shanghai, new DateOnly(2026, 10, 1), null, Hospital);

        var changed = Account.ChangeFiling(new FilingId("bj"), replacement);
        var events = _state.Pending.Events.Count;
        var again = Account.ChangeFiling(new FilingId("bj"), replacement);

        Assert.Equal((FilingStatus.Active, shanghai), (changed.Status, changed.CareCity));
        Assert.Equal(changed, again);
        Assert.Equal(events, _state.Pending.Events.Count);
        Assert.Equal(FilingStatus.Changed, _state.Filings.Single(f => f.FilingId.Value == "bj").Status);
        Assert.Equal("medical-not-filed", Assert.Throws<JinBaoException>(() => Account.Settle(Bill("s-bj"))).Code);
        Assert.Equal("filing-not-active", Assert.Throws<JinBaoException>(() =>
            Account.ChangeFiling(new FilingId("bj"), replacement with { FilingId = new FilingId("sh-2") })).Code);
    }
}
