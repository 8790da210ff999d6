using JinBao.Drawing;
using JinBao.Errors;
using JinBao.Persons;
using JinBao.Policies;
using JinBao.Primitives;

namespace JinBao.UnitTests.Drawing;

public sealed class PayeeTests
{
    private static readonly CitizenId Id = CitizenId.Create("440304", new DateOnly(1974, 6, 10), 24);
    private readonly PersonState _state = new();
    private DateTimeOffset _now = new(2026, 11, 23, 10, 0, 0, TimeSpan.FromHours(8));

    private PersonAccount Account => new(_state, Id, PensionParameters.Official, _now);

    private EntitlementView Retire(string? bank = "icbc")
    {
        Account.Enrol(new EnrolPerson(RegionCode.Parse("440300"), RegionCode.Parse("440300"), new DateOnly(2011, 11, 1), Requester.System));
        for (var i = 0; i < 180; i++)
        {
            var month = new YearMonth(2011, 11).AddMonths(i);
            Account.Declare(new DeclareContribution(new DeclarationId($"{month}"), month, Money.FromYuan(8000), Requester.System));
        }

        return Account.Retire(new RetirePerson(new DateOnly(2026, 11, 1), false, Requester.System, bank, "6222020012345678", RegionCode.Parse("510100")));
    }

    [Fact]
    public void Retire_WithPayee_QueuesTheProjectionRowWithTheLatestVersion()
    {
        var entitlement = Retire();

        var row = _state.Pending.Projections.Last();
        Assert.Equal((Id.Value, "440000", "510100", "icbc", entitlement.MonthlyPension.Fen, new DateOnly(2026, 12, 1), "active", new DateOnly(2027, 11, 1)),
            (row.CitizenId, row.DrawingProvince, row.ResidenceRegion, row.Bank, row.BaseMonthlyFen, row.StartMonth, row.Status, row.VerifiedUntil));
        Assert.Equal(_state.EventSequence, row.Version);
    }

    [Fact]
    public void Retire_BadBankCode_IsRefusedBeforeAnythingChanges()
    {
        var error = Assert.Throws<JinBaoException>(() => Retire(bank: "ICBC Shenzhen"));

        Assert.Equal("payee-bank", error.Code);
        Assert.Equal(PersonStatus.Active, _state.Status);
        Assert.Null(_state.Payee);
    }

    [Fact]
    public void RecordVerification_RepeatedId_ChangesNothing()
    {
        Retire();
        _now = new DateTimeOffset(2027, 3, 1, 0, 0, 0, TimeSpan.Zero);
        var first = Account.RecordVerification(new RecordVerification("v1", VerificationMethod.DataComparison, new DateOnly(2027, 2, 10), Requester.System));
        var queued = _state.Pending.Projections.Count;

        var again = Account.RecordVerification(new RecordVerification("v1", VerificationMethod.DataComparison, new DateOnly(2027, 2, 10), Requester.System));

        Assert.Equal(new DateOnly(2028, 2, 10), first.VerifiedUntil);
        Assert.Equal(first, again);
        Assert.Equal(queued, _state.Pending.Projections.Count);
    }

    [Fact]
    public void NotifyDeath_AfterThreeMonthsDue_TerminatesOpensRecoveryAndLeavesTheUndrawnAccountToHeirs()
    {
        var entitlement = Retire();
        _now = new DateTimeOffset(2027, 4, 1, 0, 0, 0, TimeSpan.Zero);

        var settlement = Account.NotifyDeath(new NotifyDeath(DeathSource.Health, new DateOnly(2027, 2, 14), Requester.System), SurvivorBenefits.Embedded);

        Assert.Equal(new YearMonth(2027, 2), settlement.Payee.DeathMonth);
        Assert.Equal(entitlement.AccountBalance - (entitlement.AccountPension * 3), settlement.InheritableBalance); // Dec, Jan, Feb drawn
        Assert.Equal(PersonStatus.Deceased, _state.Status);
        Assert.Equal(("terminated", new DateOnly(2027, 2, 1)), (_state.Pending.Projections.Last().Status, _state.Pending.Projections.Last().DeathMonth));
        Assert.Equal(new DateOnly(2027, 2, 1), Assert.Single(_state.Pending.Recoveries).DeathMonth);
        var error = Assert.Throws<JinBaoException>(() => Account.RecordVerification(new RecordVerification("late", VerificationMethod.FaceCheck, new DateOnly(2027, 3, 1), Requester.System)));
        Assert.Equal("person-deceased", error.Code);
    }

    [Fact]
    public void SurvivorBenefits_UnlistedProvince_UsesTheDefaultRow()
    {
        var (funeral, survivor) = SurvivorBenefits.Embedded.For(RegionCode.Parse("650000"), Money.FromYuan(3000));

        Assert.Equal((Money.FromYuan(5000), Money.FromYuan(30000)), (funeral, survivor));
    }

}
