using JinBao.Primitives;

namespace JinBao.Pensions;

/// <summary>
/// The common formula: opening balance × r + this year's contributions × r × 1.083 × ½ (spec §2.1, unverified).
/// </summary>
/// <remarks>
/// The contributions of a year arrive month by month, so on average they earn about half a year's interest; 1.083 is
/// the customary factor for monthly deposits. Provincial practice varies, which is why this is one
/// <see cref="IInterestFormula"/> among possible others.
/// </remarks>
public sealed class MidYearInterestFormula : IInterestFormula
{
    private const decimal MonthlyDepositFactor = 1.083m;

    /// <inheritdoc />
    public decimal ExactInterestFen(Money openingBalance, Money contributions, decimal rate) =>
        // spec §2.1: balance at the previous year-end × r + this year's contributions × r × 1.083 × ½.
        (openingBalance.Fen * rate) + (contributions.Fen * rate * MonthlyDepositFactor / 2m);
}
