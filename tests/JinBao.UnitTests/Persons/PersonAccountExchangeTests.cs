using JinBao.Effects;
using JinBao.Errors;
using JinBao.Ledger;
using JinBao.Pensions;
using JinBao.Persons;
using JinBao.Policies;
using JinBao.Primitives;
using JinBao.Transfers;

namespace JinBao.UnitTests.Persons;

/// <summary>The person rules a province cluster needs once persons live in several clusters (issue 5).</summary>
public sealed class PersonAccountExchangeTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 0, 0, TimeSpan.FromHours(8));
    private static readonly RegionCode Hangzhou = RegionCode.Parse("330100");
    private static readonly RegionCode Shanghai = RegionCode.Parse("310100");

    [Fact]
    public void StopContributing_LeavesTheRelationshipDormant_AndAgainIsANoOp()
    {
        var state = new PersonState();
        var account = Account(state, CitizenId.Create("330106", new DateOnly(1990, 1, 1), 11));
        account.Enrol(new EnrolPerson(Hangzhou, Hangzhou, new DateOnly(2025, 1, 1), Requester.System));

        var wrong = Assert.Throws<JinBaoException>(() => account.StopContributing(new StopContributing(Shanghai, new DateOnly(2025, 6, 30), Requester.System)));
        var stopped = account.StopContributing(new StopContributing(Hangzhou, new DateOnly(2025, 6, 30), Requester.System));
        var again = account.StopContributing(new StopContributing(Hangzhou, new DateOnly(2025, 6, 30), Requester.System));

        Assert.Equal("stop-wrong-city", wrong.Code);
        Assert.Equal(SegmentStatus.Dormant, stopped!.Status);
        Assert.Null(again);
        Assert.Single(state.Pending.Events, e => e.Type == "contributions-stopped");
        Assert.Throws<JinBaoException>(() => account.Declare(new DeclareContribution(new DeclarationId("d"), new YearMonth(2025, 7), Money.FromYuan(8000), Requester.System)));
    }

    [Theory]
    // Li Mei (journey 2): 52, hukou Henan, from Zhejiang to Shanghai. Shanghai's cluster does not hold her Zhejiang
    // years; the national index says where she came from, and the temporary-account rule applies as in one cluster.
    [InlineData("330000", SegmentKind.Temporary)]
    // Without that hint a first insurance in a non-hukou place at 52 is also temporary (spec §3.3 item 3).
    [InlineData(null, SegmentKind.Temporary)]
    // A move inside Shanghai's own province is no cross-province move.
    [InlineData("310000", SegmentKind.Regular)]
    public void Enrol_WithThePreviousProvinceFromTheIndex_DecidesTheTemporaryAccount(string? previous, SegmentKind expected)
    {
        var state = new PersonState();
        var account = Account(state, CitizenId.Create("410105", new DateOnly(1974, 3, 1), 22));

        account.Enrol(new EnrolPerson(RegionCode.Parse("410000"), Shanghai, new DateOnly(2026, 6, 1), Requester.System),
            previous is null ? null : RegionCode.Parse(previous));

        Assert.Equal(expected, Assert.Single(state.Segments).Kind);
    }

    [Fact]
    public void ReleaseAndMergeViaNationalClearing_PostToEachProvincesNationalClearingAccount()
    {
        var oldState = new PersonState();
        var id = CitizenId.Create("510104", new DateOnly(1979, 5, 1), 11);
        var old = Account(oldState, id);
        old.Enrol(new EnrolPerson(RegionCode.Parse("510100"), RegionCode.Parse("440300"), new DateOnly(2024, 1, 1), Requester.System));
        old.Declare(new DeclareContribution(new DeclarationId("d1"), new YearMonth(2024, 1), Money.FromYuan(9000), Requester.System));
        old.StopContributing(new StopContributing(RegionCode.Parse("440300"), new DateOnly(2024, 1, 31), Requester.System));
        var newState = new PersonState();
        var @new = Account(newState, id);
        @new.Enrol(new EnrolPerson(RegionCode.Parse("510100"), RegionCode.Parse("510100"), new DateOnly(2026, 3, 2), Requester.System));
        var transfer = TransferId.New();

        var certificate = old.Release(new ReleaseForTransfer(transfer, RegionCode.Parse("440300"), RegionCode.Parse("510100"), new DateOnly(2026, 3, 5), Requester.System, ViaNationalClearing: true));
        @new.Merge(new MergeTransfer(certificate, RegionCode.Parse("510100"), new DateOnly(2026, 3, 9), Requester.System, ViaNationalClearing: true));

        var total = (certificate.IndividualAccount + certificate.PooledFund).Fen;
        Assert.Contains(Out(oldState), leg => leg.Account == "440300:national-clearing" && leg.Amount.Fen == total);
        Assert.Contains(In(newState), leg => leg.Account == "510000:national-clearing" && leg.Amount.Fen == -total);
        Assert.DoesNotContain(Out(oldState).Concat(In(newState)), leg => leg.Account.EndsWith(":transfer-clearing", StringComparison.Ordinal));
    }

    private static IEnumerable<LedgerLeg> Out(PersonState state) => state.Pending.Movements.Single(m => m.Kind == "transfer-out").Legs;

    private static IEnumerable<LedgerLeg> In(PersonState state) => state.Pending.Movements.Single(m => m.Kind == "transfer-in").Legs;

    private static PersonAccount Account(PersonState state, CitizenId id) => new(state, id, PensionParameters.Official, Now);
}
