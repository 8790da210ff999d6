using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

using JinBao.Pensions;
using JinBao.Primitives;

namespace JinBao.UnitTests.Pensions;

public sealed class InterestCreditingProperties
{
    // Any published year, balances up to about 100 million yuan, a year's contributions up to 1 million yuan.
    private static readonly Gen<(int Year, Money Opening, Money Contributions)> Inputs =
        from year in Gen.Elements(CreditingRates.Published.Years.ToArray())
        from opening in Gen.Choose(0, int.MaxValue)
        from contributions in Gen.Choose(0, 100_000_000)
        select (year, new Money(opening * 5L), new Money(contributions));

    [Property]
    public Property Interest_IsNeverNegativeForNonNegativeInputs() =>
        Prop.ForAll(Arb.From(Inputs), input =>
            !InterestCrediting.Default.CloseYear(input.Year, input.Opening, input.Contributions).Interest.IsNegative);

    [Property]
    public Property CloseYear_IsDeterministic() =>
        Prop.ForAll(Arb.From(Inputs), input =>
        {
            var fresh = new InterestCrediting(CreditingRates.Published, new MidYearInterestFormula());
            return InterestCrediting.Default.CloseYear(input.Year, input.Opening, input.Contributions)
                == fresh.CloseYear(input.Year, input.Opening, input.Contributions);
        });

    [Property]
    public Property Interest_IsTheExactFormulaWithinHalfAFen() =>
        Prop.ForAll(Arb.From(Inputs), input =>
        {
            var result = InterestCrediting.Default.CloseYear(input.Year, input.Opening, input.Contributions);
            var exact = (input.Opening.Fen * result.Rate) + (input.Contributions.Fen * result.Rate * 1.083m / 2m);
            return Math.Abs(result.Interest.Fen - exact) <= 0.5m;
        });
}
