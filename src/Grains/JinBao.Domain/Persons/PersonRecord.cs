using System.Globalization;
using System.Text;

using JinBao.Pensions;
using JinBao.Primitives;

namespace JinBao.Persons;

/// <summary>The person's standing in the scheme.</summary>
public enum PersonStatus
{
    /// <summary>Enrolled and contributing (or able to).</summary>
    Active,

    /// <summary>Drawing a pension.</summary>
    Retired,

    /// <summary>Deceased.</summary>
    Deceased,
}

/// <summary>The state of one segment.</summary>
public enum SegmentStatus
{
    /// <summary>Contributions are recorded here now.</summary>
    Active,

    /// <summary>Kept but not contributed to (the person moved on; the relationship or record stays here).</summary>
    Dormant,

    /// <summary>Moved to another pooling area; the months live on in the receiving segment.</summary>
    TransferredOut,

    /// <summary>A temporary account frozen by a further cross-province move (封存).</summary>
    Sealed,
}

/// <summary>
/// The person's account held by one city's agency, in that city's pooling area (统筹地区), with the interest credited to
/// it for each closed year (part of the balance; years credited before this was kept count only in the balance).
/// </summary>
[GenerateSerializer, Immutable, Alias("jinbao.segment-view")]
public sealed record SegmentView(
    RegionCode City,
    string PoolingArea,
    RegionCode Province,
    SegmentKind Kind,
    SegmentStatus Status,
    Money IndividualAccountBalance,
    IReadOnlyList<ContributionMonthView> Months,
    TransferredTo? TransferredTo = null,
    IReadOnlyDictionary<int, Money>? InterestByYear = null);

/// <summary>A stop (停保) as recorded, and whether the national person index knows the person is no longer active here.</summary>
[GenerateSerializer, Immutable, Alias("jinbao.stop-result")]
public sealed record StopResult(PersonRecord Record, bool NationalIndexInformed);

/// <summary>Where a relationship was transferred out to, on which day, by which transfer (set on the released segment).</summary>
[GenerateSerializer, Immutable, Alias("jinbao.transferred-to")]
public sealed record TransferredTo(RegionCode City, DateOnly On, string TransferId);

/// <summary>A person's record across every region they contributed in.</summary>
/// <param name="CitizenId">The person's citizen id, the grain's key.</param>
/// <param name="Sex">The sex the citizen id encodes.</param>
/// <param name="BirthDate">The birth date the citizen id encodes.</param>
/// <param name="HukouRegion">The hukou region as enrolment recorded it.</param>
/// <param name="InsuringCity">The city of the latest enrolment in this province.</param>
/// <param name="Status">Active, retired or deceased.</param>
/// <param name="Segments">The person's account at each city's agency that holds (or held) a relationship.</param>
/// <param name="Entitlement">The pension fixed at retirement; null before.</param>
/// <param name="Name">
/// The name given at the latest enrolment that gave one (<see cref="EnrolPerson.Name"/>); null when no enrolment did.
/// Personal data: show it to those who may see the record, <see cref="PersonName.Mask"/> to anyone else; never log it.
/// Last, so that the positional serializer ids of the other members stay where they were.
/// </param>
[GenerateSerializer, Immutable, Alias("jinbao.person-record")]
public sealed record PersonRecord(
    CitizenId CitizenId,
    Sex Sex,
    DateOnly BirthDate,
    RegionCode HukouRegion,
    RegionCode InsuringCity,
    PersonStatus Status,
    IReadOnlyList<SegmentView> Segments,
    EntitlementView? Entitlement,
    string? Name = null)
{
    /// <summary>The segment contributions are recorded in now; null when the person contributes nowhere here.</summary>
    public SegmentView? ActiveSegment => Segments.FirstOrDefault(segment => segment.Status == SegmentStatus.Active);

    /// <summary>
    /// The relationship at the city of the latest enrolment (<see cref="InsuringCity"/>): active, stopped (dormant),
    /// sealed, or transferred out — then <see cref="SegmentView.TransferredTo"/> says where to and when.
    /// </summary>
    public SegmentView? LatestRelationship => ActiveSegment ?? Segments.LastOrDefault(segment => segment.City == InsuringCity);

    // The record's text (ToString) shows the name masked: a record may end up in an exception text or a log line, and
    // no log filter can recognise a name the way it recognises a citizen id.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("CitizenId = ").Append(CitizenId).Append(", Sex = ").Append(Sex)
            .Append(", BirthDate = ").Append(BirthDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))
            .Append(", HukouRegion = ").Append(HukouRegion).Append(", InsuringCity = ").Append(InsuringCity)
            .Append(", Status = ").Append(Status).Append(", Segments = ").Append(Segments.Count)
            .Append(", Entitlement = ").Append(Entitlement).Append(", Name = ").Append(PersonName.Mask(Name));
        return true;
    }
}
