using JinBao.Primitives;

namespace JinBao.Persons;

/// <summary>Enrol the person in the urban employee pension scheme in a city (参保登记).</summary>
/// <param name="HukouRegion">The hukou (household registration) region: county, city or province code.</param>
/// <param name="InsuringCity">The city where the person is insured from now on.</param>
/// <param name="EnrolledOn">The enrolment date.</param>
/// <param name="Request">Who asks, for the audit trail.</param>
[GenerateSerializer, Immutable, Alias("jinbao.enrol-person")]
public sealed record EnrolPerson(RegionCode HukouRegion, RegionCode InsuringCity, DateOnly EnrolledOn, Requester Request);

/// <summary>A monthly pension contribution declaration (缴费申报) for the person's current insuring city.</summary>
/// <param name="DeclarationId">The declaration's id; repeating a declaration with the same id changes nothing.</param>
/// <param name="Month">The contribution month; not in the future.</param>
/// <param name="DeclaredBase">The declared monthly base (缴费基数), before clamping to 60%–300% of the average wage.</param>
/// <param name="Request">Who asks, for the audit trail.</param>
[GenerateSerializer, Immutable, Alias("jinbao.declare-contribution")]
public sealed record DeclareContribution(string DeclarationId, YearMonth Month, Money DeclaredBase, Requester Request);

/// <summary>
/// The employer reports that the person left (停保/减员): contributions in <paramref name="City"/> stop, the relationship
/// and the account stay there (dormant, still earning interest), and the person may be enrolled elsewhere, including in
/// another province (whose national index claim this releases).
/// </summary>
/// <param name="City">The city where the person contributes now.</param>
/// <param name="StoppedOn">The last day of insured employment.</param>
/// <param name="Request">Who asks, for the audit trail.</param>
[GenerateSerializer, Immutable, Alias("jinbao.stop-contributing")]
public sealed record StopContributing(RegionCode City, DateOnly StoppedOn, Requester Request);
