using System.Globalization;
using System.Text;

using JinBao.Primitives;

namespace JinBao.Persons;

/// <summary>Enrol the person in the urban employee pension scheme in a city (参保登记).</summary>
/// <param name="HukouRegion">The hukou (household registration) region: county, city or province code.</param>
/// <param name="InsuringCity">The city where the person is insured from now on.</param>
/// <param name="EnrolledOn">The enrolment date.</param>
/// <param name="Request">Who asks, for the audit trail.</param>
/// <param name="Name">
/// The person's name (姓名), checked by <see cref="PersonName"/>: it becomes the recorded name. Null keeps the recorded one
/// (callers from before names were recorded send none). Personal data: never logged; audit events carry it masked.
/// </param>
/// <remarks>
/// The name is last and optional so that the positional serializer ids of the other members stay where they were
/// (a command from an older client still reads, without a name).
/// </remarks>
[GenerateSerializer, Immutable, Alias("jinbao.enrol-person")]
public sealed record EnrolPerson(RegionCode HukouRegion, RegionCode InsuringCity, DateOnly EnrolledOn, Requester Request, string? Name = null)
{
    // The record's text (ToString) shows the name masked: a command may end up in an exception text or a log line,
    // and no log filter can recognise a name the way it recognises a citizen id.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("HukouRegion = ").Append(HukouRegion).Append(", InsuringCity = ").Append(InsuringCity)
            .Append(", EnrolledOn = ").Append(EnrolledOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))
            .Append(", Request = ").Append(Request).Append(", Name = ").Append(PersonName.Mask(Name));
        return true;
    }
}

/// <summary>A monthly pension contribution declaration (缴费申报) for the person's current insuring city.</summary>
/// <param name="DeclarationId">The declaration's id; repeating a declaration with the same id changes nothing.</param>
/// <param name="Month">The contribution month; not in the future.</param>
/// <param name="DeclaredBase">The declared monthly base (缴费基数), before clamping to 60%–300% of the average wage.</param>
/// <param name="Request">Who asks, for the audit trail.</param>
[GenerateSerializer, Immutable, Alias("jinbao.declare-contribution")]
public sealed record DeclareContribution(DeclarationId DeclarationId, YearMonth Month, Money DeclaredBase, Requester Request);

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
