using JinBao.Primitives;

namespace JinBao.Pensions;

/// <summary>Rounds an exact amount of fen computed from several terms, with the same rule as <see cref="Money.MultiplyBy"/>.</summary>
internal static class FenRounding
{
    // Money.MultiplyBy can only apply one rate to one amount; formulas with several terms (interest, the basic
    // pension) must add the exact terms first and round once, or the fen drift between systems that sum differently.
    public static Money Round(decimal exactFen) =>
        new(checked((long)decimal.Round(exactFen, 0, MidpointRounding.AwayFromZero)));
}
