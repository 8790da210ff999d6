using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

using JinBao.Pensions;

namespace JinBao.UnitTests.Pensions;

public sealed class CompletedAgeProperties
{
    // Birth dates 1930–2039 (every day-of-month, so the 29th–31st and 29 February occur), ages up to 83 years.
    [Property]
    public Property ReachedOn_IsTheFirstDayWithThatManyMonths() =>
        Prop.ForAll(Arb.From(Gen.Choose(0, 40_000).Zip(Gen.Choose(0, 1_000))), input =>
        {
            var birth = new DateOnly(1930, 1, 1).AddDays(input.Item1);
            var reached = CompletedAge.ReachedOn(birth, input.Item2);
            return CompletedAge.Months(birth, reached) == input.Item2
                && (input.Item2 == 0 || CompletedAge.Months(birth, reached.AddDays(-1)) == input.Item2 - 1);
        });
}
