using JinBao.Primitives;

namespace JinBao.Pensions;

/// <summary>The interest posted when a year closes on an individual (or temporary) account.</summary>
/// <param name="Year">The year closed.</param>
/// <param name="Rate">The crediting rate applied, as a fraction.</param>
/// <param name="OpeningBalance">The balance at the previous year-end.</param>
/// <param name="Contributions">The contributions credited during the year.</param>
/// <param name="Interest">The interest, rounded to the fen once.</param>
public sealed record YearEndInterest(int Year, decimal Rate, Money OpeningBalance, Money Contributions, Money Interest)
{
    /// <summary>The balance at this year-end: opening balance plus contributions plus interest.</summary>
    public Money ClosingBalance => OpeningBalance + Contributions + Interest;
}
