using JinBao.Primitives;

namespace JinBao.Persons;

/// <summary>Retire the person (办理退休): decide the drawing place, consolidate every account there, compute the pension.</summary>
/// <param name="On">The retirement date; the pension starts the month after.</param>
/// <param name="FemaleCadre">For a woman: whether her original retirement age was 55 (cadre) rather than 50 (worker), spec §2.3.</param>
/// <param name="Request">Who asks.</param>
/// <param name="PayeeBank">The bank (code, e.g. <c>icbc</c>) the pension is paid to; null: <c>unassigned</c> until registered.</param>
/// <param name="PayeeAccount">The payee account number (bank or social-security-card account).</param>
/// <param name="ResidenceRegion">Where the retiree lives; null: the drawing city.</param>
[GenerateSerializer, Immutable, Alias("jinbao.retire-person")]
public sealed record RetirePerson(DateOnly On, bool FemaleCadre, Requester Request, string? PayeeBank = null, string? PayeeAccount = null, RegionCode? ResidenceRegion = null);

/// <summary>Where the pension would be drawn, and which clause of the rule decided it (spec §3.6).</summary>
/// <param name="Province">The drawing province (待遇领取地).</param>
/// <param name="Reason">The clause: current-is-hukou, current-has-ten-years, earlier-place-has-ten-years, hukou-fallback.</param>
/// <param name="YearsByProvince">Non-temporary contribution months counted per province, as the rule saw them.</param>
[GenerateSerializer, Immutable, Alias("jinbao.drawing-place")]
public sealed record DrawingPlaceView(RegionCode Province, string Reason, IReadOnlyDictionary<string, int> YearsByProvince);

/// <summary>The person's pension entitlement, fixed at retirement (spec §2.2).</summary>
[GenerateSerializer, Immutable, Alias("jinbao.entitlement")]
public sealed record EntitlementView(
    DrawingPlaceView DrawingPlace,
    RegionCode DrawingCity,
    DateOnly RetiredOn,
    YearMonth FirstPaymentMonth,
    int ContributionMonths,
    decimal AverageContributionIndex,
    Money ComputationBase,
    Money AccountBalance,
    decimal Divisor,
    Money BasicPension,
    Money AccountPension,
    Money MonthlyPension);

/// <summary>
/// An estimate of the monthly pension if the person retired at the statutory age with the months recorded today
/// (spec §2.2): no future contribution is assumed, and the computation base is today's (the drawing province's average
/// wage of last year), so the figure is in today's money. Every input is given, so a person can see how it was reached.
/// </summary>
/// <param name="StatutoryAgeReachedOn">When the statutory age is reached (for a woman, the worker's age; a cadre's is later).</param>
/// <param name="StatutoryAgeMonths">The statutory age in months, which also picks the account divisor.</param>
/// <param name="DrawingPlace">Where the pension would be drawn today, and why.</param>
/// <param name="ContributionMonths">Months recorded (each calendar month once).</param>
/// <param name="MinimumContributionMonths">The months required to draw a monthly pension in the statutory year (spec §2.4).</param>
/// <param name="AverageContributionIndex">I, the average of each year's own bases over that year's provincial average wage.</param>
/// <param name="ComputationBase">B, the drawing province's average monthly wage of <paramref name="ComputationBaseYear"/>.</param>
/// <param name="ComputationBaseYear">The year whose average wage is the computation base used.</param>
/// <param name="AccountBalance">The individual-account balance today, with interest credited so far.</param>
/// <param name="Divisor">The account divisor (计发月数) at the statutory age.</param>
/// <param name="BasicPension">(B + B×I)/2 × years × 1%.</param>
/// <param name="AccountPension">The balance ÷ the divisor.</param>
/// <param name="MonthlyPension">Their sum, the estimate.</param>
[GenerateSerializer, Immutable, Alias("jinbao.pension-estimate")]
public sealed record PensionEstimateView(
    DateOnly StatutoryAgeReachedOn,
    int StatutoryAgeMonths,
    DrawingPlaceView DrawingPlace,
    int ContributionMonths,
    int MinimumContributionMonths,
    decimal AverageContributionIndex,
    Money ComputationBase,
    int ComputationBaseYear,
    Money AccountBalance,
    decimal Divisor,
    Money BasicPension,
    Money AccountPension,
    Money MonthlyPension);
