using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

using JinBao.Pensions;
using JinBao.Primitives;

namespace JinBao.UnitTests.Pensions;

public sealed class ContributionRulesProperties
{
    // Declared bases from 1 fen to 1 million yuan; wages from 1 yuan to 100,000 yuan a month.
    private static readonly Gen<(Money Declared, Money Wage, ContributorKind Kind)> Inputs =
        from declared in Gen.Choose(1, 100_000_000)
        from wage in Gen.Choose(100, 10_000_000)
        from kind in Gen.Elements(ContributorKind.Employee, ContributorKind.FlexibleWorker)
        select (new Money(declared), new Money(wage), kind);

    [Property]
    public Property ClampBase_IsAlwaysWithinSixtyToThreeHundredPercent() =>
        Prop.ForAll(Arb.From(Inputs), input =>
        {
            var clamped = ContributionRules.ClampBase(input.Declared, input.Wage);
            return clamped >= input.Wage.MultiplyBy(0.60m)
                && clamped <= input.Wage.MultiplyBy(3.00m)
                && (clamped == input.Declared || clamped == input.Wage.MultiplyBy(0.60m) || clamped == input.Wage.MultiplyBy(3.00m));
        });

    [Property]
    public Property Split_PartsAreEachRateWithinHalfAFenAndSumToTheTotal() =>
        Prop.ForAll(Arb.From(Inputs), input =>
        {
            var split = ContributionRules.Split(input.Declared, input.Wage, input.Kind);
            var pooledRate = input.Kind == ContributorKind.Employee ? 0.16m : 0.12m;
            var baseFen = (decimal)split.ClampedBase.Fen;
            return Math.Abs(split.IndividualAccount.Fen - (baseFen * 0.08m)) <= 0.5m
                && Math.Abs(split.PooledFund.Fen - (baseFen * pooledRate)) <= 0.5m
                && split.IndividualAccount + split.PooledFund == split.Total;
        });

    [Property]
    public Property Split_WholeYuanBase_IsExact() =>
        Prop.ForAll(Arb.From(Gen.Choose(1, 1_000_000)), yuan =>
        {
            var declared = Money.FromYuan(yuan);
            var wage = declared; // the base is inside its own range, so it is not clamped
            var employee = ContributionRules.Split(declared, wage);
            var flexible = ContributionRules.Split(declared, wage, ContributorKind.FlexibleWorker);
            return employee.Total.Fen == yuan * 24L
                && flexible.Total.Fen == yuan * 20L
                && flexible.IndividualAccount.Fen == yuan * 8L;
        });
}
