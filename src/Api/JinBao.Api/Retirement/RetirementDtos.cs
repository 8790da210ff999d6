using System.ComponentModel.DataAnnotations;

using JinBao.Api.Validation;
using JinBao.Persons;

namespace JinBao.Api.Retirement;

/// <summary>Retire the person (办理退休).</summary>
/// <param name="RetiredOn">The retirement date (yyyy-MM-dd); the pension starts the month after. At most a year ahead.</param>
/// <param name="FemaleCadre">For a woman: whether her original retirement age was 55 (cadre) rather than 50 (worker).</param>
/// <param name="PayeeBank">The bank the pension is paid to (e.g. icbc); without one nothing is paid until it is registered.</param>
/// <param name="PayeeAccount">The payee bank or social-security-card account (4–40 digits).</param>
/// <param name="ResidenceRegion">Where the retiree lives; omitted: the drawing city.</param>
public sealed record RetirePersonRequest(
    [property: Required] DateOnly? RetiredOn,
    bool FemaleCadre = false,
    [property: RegularExpression("^[a-z0-9-]{2,20}$")] string? PayeeBank = null,
    [property: RegularExpression("^[0-9]{4,40}$")] string? PayeeAccount = null,
    [property: RegionCodeValue] string? ResidenceRegion = null) : IApiRequest, IValidatableObject
{
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (RetiredOn < new DateOnly(1990, 1, 1) || RetiredOn > ChinaClock.Today(validationContext).AddYears(1))
        {
            yield return new ValidationResult("retirement-date-range: the retirement date must be from 1990 to a year from today.", [nameof(RetiredOn)]);
        }
    }
}

/// <summary>Where the pension is (or would be) drawn, and which clause of the rule decided it (spec §3.6).</summary>
/// <param name="Province">The drawing province (待遇领取地).</param>
/// <param name="Reason">current-is-hukou, current-has-ten-years, earlier-place-has-ten-years or hukou-fallback.</param>
/// <param name="MonthsByProvince">Non-temporary contribution months per province, as the rule counted them.</param>
public sealed record DrawingPlaceResponse(string Province, string Reason, IReadOnlyDictionary<string, int> MonthsByProvince);

/// <summary>An estimate of the monthly pension at the statutory age (amounts in fen), with every input it used.</summary>
public sealed record PensionEstimateResponse(
    DateOnly StatutoryAgeReachedOn,
    int StatutoryAgeMonths,
    DrawingPlaceResponse DrawingPlace,
    int ContributionMonths,
    int MinimumContributionMonths,
    decimal AverageContributionIndex,
    long ComputationBaseFen,
    int ComputationBaseYear,
    long AccountBalanceFen,
    decimal Divisor,
    long BasicPensionFen,
    long AccountPensionFen,
    long MonthlyPensionFen);

/// <summary>The pension entitlement fixed at retirement; amounts in fen.</summary>
public sealed record EntitlementResponse(
    DrawingPlaceResponse DrawingPlace,
    string DrawingCity,
    DateOnly RetiredOn,
    string FirstPaymentMonth,
    int ContributionMonths,
    decimal AverageContributionIndex,
    long ComputationBaseFen,
    long AccountBalanceFen,
    decimal Divisor,
    long BasicPensionFen,
    long AccountPensionFen,
    long MonthlyPensionFen);

public static class RetirementMappings
{
    public static PensionEstimateResponse ToResponse(this PensionEstimateView estimate) => new(
        estimate.StatutoryAgeReachedOn, estimate.StatutoryAgeMonths, estimate.DrawingPlace.ToResponse(), estimate.ContributionMonths,
        estimate.MinimumContributionMonths, estimate.AverageContributionIndex, estimate.ComputationBase.Fen, estimate.ComputationBaseYear,
        estimate.AccountBalance.Fen, estimate.Divisor, estimate.BasicPension.Fen, estimate.AccountPension.Fen, estimate.MonthlyPension.Fen);

    public static DrawingPlaceResponse ToResponse(this DrawingPlaceView place) =>
        new(place.Province.Value, place.Reason, place.YearsByProvince.ToDictionary(p => p.Key, p => p.Value));

    public static EntitlementResponse ToResponse(this EntitlementView entitlement) => new(
        entitlement.DrawingPlace.ToResponse(),
        entitlement.DrawingCity.Value,
        entitlement.RetiredOn,
        entitlement.FirstPaymentMonth.ToString(),
        entitlement.ContributionMonths,
        entitlement.AverageContributionIndex,
        entitlement.ComputationBase.Fen,
        entitlement.AccountBalance.Fen,
        entitlement.Divisor,
        entitlement.BasicPension.Fen,
        entitlement.AccountPension.Fen,
        entitlement.MonthlyPension.Fen);
}
