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
