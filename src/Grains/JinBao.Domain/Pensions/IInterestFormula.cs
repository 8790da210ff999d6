using JinBao.Primitives;

namespace JinBao.Pensions;

/// <summary>How a year's interest on the individual account is computed; provinces differ, so it is pluggable (spec §2.1).</summary>
public interface IInterestFormula
{
    /// <summary>
    /// The year's interest in fen, exact and unrounded; <see cref="InterestCrediting"/> rounds it to the fen once.
    /// </summary>
    /// <param name="openingBalance">The balance at the previous year-end.</param>
    /// <param name="contributions">The contributions credited during the year.</param>
    /// <param name="rate">The year's crediting rate as a fraction.</param>
    decimal ExactInterestFen(Money openingBalance, Money contributions, decimal rate);
}
