using System.ComponentModel.DataAnnotations;

using JinBao.Api.Validation;
using JinBao.Pensions;
using JinBao.Persons;
using JinBao.Primitives;

namespace JinBao.Api.Persons;

/// <summary>Enrol a person (参保登记) in the calling city system's city.</summary>
/// <param name="CitizenId">The 18-character citizen id number (GB 11643-1999).</param>
/// <param name="HukouRegion">The hukou region: a province or city code of the catalogue, e.g. 510100.</param>
/// <param name="InsuringCity">The city insuring the person from now on; must be the caller's own city (defaults to it).</param>
/// <param name="EnrolledOn">The enrolment date (yyyy-MM-dd): not before the person turned 16, not in the future.</param>
/// <param name="Name">
/// The person's name (姓名), e.g. 王军 or 阿依古丽·买买提: 1–40 letters, middle dots (·), spaces or hyphens. It becomes
/// the recorded name, also when the enrolment is otherwise a repetition (that is how a name is corrected); without
/// it the recorded name stays.
/// </param>
public sealed record EnrolPersonRequest(
    [property: Required, CitizenIdNumber] string? CitizenId,
    [property: Required, RegionCodeValue] string? HukouRegion,
    [property: RegionCodeValue(CityOnly = true)] string? InsuringCity,
    [property: Required] DateOnly? EnrolledOn,
    [property: PersonNameValue] string? Name = null) : ICitizenRequest, IValidatableObject
{
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var birth = Primitives.CitizenId.Parse(CitizenId!).BirthDate;
        if (EnrolledOn < birth.AddYears(16))
        {
            yield return new ValidationResult("enrolment-before-working-age: the enrolment date is before the person turned 16.", [nameof(EnrolledOn)]);
        }

        if (EnrolledOn > ChinaClock.Today(validationContext))
        {
            yield return new ValidationResult("enrolment-date-future: the enrolment date is in the future.", [nameof(EnrolledOn)]);
        }
    }
}

/// <summary>A monthly pension contribution declaration (缴费申报) for the person's current insuring city.</summary>
/// <param name="Month">The contribution month, yyyy-MM, not in the future.</param>
/// <param name="DeclaredBaseFen">The declared monthly base in fen (1 yuan = 100 fen), before the 60%–300% clamp.</param>
public sealed record DeclareContributionRequest(
    [property: Required, ContributionMonth] string? Month,
    [property: Required, Range(1L, 10_000_000_000L)] long? DeclaredBaseFen) : IApiRequest;

/// <summary>The person left work in the calling city (停保).</summary>
/// <param name="StoppedOn">The last day of work (yyyy-MM-dd), not in the future.</param>
public sealed record StopContributingRequest([property: Required] DateOnly? StoppedOn) : IApiRequest, IValidatableObject
{
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (StoppedOn > ChinaClock.Today(validationContext))
        {
            yield return new ValidationResult("stop-date-future: the date is in the future.", [nameof(StoppedOn)]);
        }
    }
}

/// <summary>One recorded contribution month; amounts in fen.</summary>
public sealed record ContributionMonthResponse(string Month, long BaseFen, long IndividualAccountCreditFen, long PooledFundCreditFen, string City);

/// <summary>The person's account at one city's agency.</summary>
public sealed record SegmentResponse(
    string City,
    string PoolingArea,
    string Province,
    SegmentKind Kind,
    SegmentStatus Status,
    long IndividualAccountBalanceFen,
    IReadOnlyList<ContributionMonthResponse> Months,
    TransferredToResponse? TransferredTo,
    IReadOnlyDictionary<string, long>? InterestByYearFen);

/// <summary>Where a relationship went when it was transferred out: the receiving city, the day, the transfer.</summary>
public sealed record TransferredToResponse(string City, DateOnly On, string TransferId);

/// <summary>
/// The relationship at the latest enrolment's city: <c>active</c>, <c>dormant</c> (the employer reported the person left),
/// <c>sealed</c> (a temporary account), or <c>transferred-out</c> with where to and when.
/// </summary>
public sealed record RelationshipResponse(string City, SegmentStatus Status, TransferredToResponse? TransferredTo);

/// <summary>A person's record across every region they contributed in.</summary>
/// <param name="AddressPlace">The place of the citizen id's address code (GB/T 2260), e.g. 广东省深圳市福田区.</param>
/// <param name="InsuringCity">The city the person contributes in now; null when no relationship is active here.</param>
/// <param name="Relationship">The relationship at the latest enrolment's city, also when it was transferred out.</param>
/// <param name="Name">The name given at the latest enrolment that gave one; null when none did.</param>
public sealed record PersonRecordResponse(
    string CitizenId,
    string? Name,
    string AddressPlace,
    Sex Sex,
    DateOnly BirthDate,
    string HukouRegion,
    string? InsuringCity,
    RelationshipResponse? Relationship,
    PersonStatus Status,
    IReadOnlyList<SegmentResponse> Segments,
    Retirement.EntitlementResponse? Entitlement);

/// <summary>What a declaration recorded, and the segment's balance after it.</summary>
public sealed record ContributionDeclaredResponse(
    string CitizenId,
    string City,
    ContributionMonthResponse Recorded,
    long IndividualAccountBalanceFen);

public static class PersonMappings
{
    public static PersonRecordResponse ToResponse(this PersonRecord record) => new(
        record.CitizenId.Value,
        record.Name,
        record.CitizenId.AddressPlace,
        record.Sex,
        record.BirthDate,
        record.HukouRegion.Value,
        record.ActiveSegment?.City.Value,
        record.LatestRelationship is { } relationship ? new RelationshipResponse(relationship.City.Value, relationship.Status, relationship.TransferredTo?.ToResponse()) : null,
        record.Status,
        record.Segments.Select(ToResponse).ToList(),
        record.Entitlement is { } entitlement ? Retirement.RetirementMappings.ToResponse(entitlement) : null);

    public static SegmentResponse ToResponse(this SegmentView segment) => new(
        segment.City.Value,
        segment.PoolingArea,
        segment.Province.Value,
        segment.Kind,
        segment.Status,
        segment.IndividualAccountBalance.Fen,
        segment.Months.Select(ToResponse).ToList(),
        segment.TransferredTo?.ToResponse(),
        segment.InterestByYear?.ToDictionary(year => year.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), year => year.Value.Fen));

    public static TransferredToResponse ToResponse(this TransferredTo transferred) =>
        new(transferred.City.Value, transferred.On, transferred.TransferId);

    public static ContributionMonthResponse ToResponse(this ContributionMonthView month) =>
        new(month.Month.ToString(), month.Base.Fen, month.IndividualAccountCredit.Fen, month.PooledFundCredit.Fen, month.City.Value);

    /// <summary>The declared month as now recorded in the person's active segment.</summary>
    public static ContributionDeclaredResponse ToDeclared(this PersonRecord record, YearMonth month)
    {
        // The active segment normally; a retried declaration may find the person moved on since.
        var segment = record.Segments.Where(s => s.Months.Any(m => m.Month == month))
            .OrderBy(s => s.Status == SegmentStatus.Active ? 0 : 1).First();
        var recorded = segment.Months.First(m => m.Month == month);
        return new ContributionDeclaredResponse(record.CitizenId.Value, segment.City.Value, recorded.ToResponse(), segment.IndividualAccountBalance.Fen);
    }
}
