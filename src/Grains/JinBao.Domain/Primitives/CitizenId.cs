using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace JinBao.Primitives;

/// <summary>
/// A citizen id number (公民身份号码, GB 11643-1999), which is also the social-security number: 18 characters,
/// address code + birth date + sequence + ISO 7064 MOD 11-2 check character (spec §1.1).
/// </summary>
/// <remarks>
/// Only valid numbers can be created, always with an uppercase <c>X</c>. The number is personal data:
/// <see cref="ToString"/> and JSON give the full number for storage and APIs, so logs and messages must use
/// <see cref="Masked"/>. <c>default(CitizenId)</c> is not a number: its members other than <see cref="Value"/>
/// and <see cref="ToString"/> throw <see cref="InvalidOperationException"/>.
/// </remarks>
[GenerateSerializer, Immutable]
[JsonConverter(typeof(CitizenIdJsonConverter))]
public readonly record struct CitizenId
{
    // Wᵢ = 2^(18−i) mod 11 for positions 1–17.
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

    // The check character for r = S mod 11, indexed by r.
    private const string CheckCharacters = "10X98765432";

    // Taiwan (GB/T 2260) and the Hong Kong, Macao and Taiwan residence permits (spec §1.1 rule 4): valid ids
    // whose address code is no mainland province.
    private static readonly string[] NonMainlandPrefixes = ["71", "81", "82", "83"];

    private CitizenId(string value) => Value = value;

    /// <summary>The full normalised 18-character number. Personal data: log <see cref="Masked"/> instead.</summary>
    [Id(0)]
    public string Value { get; }

    /// <summary>The six-digit address code (地址码): the county of household registration when the number was issued.</summary>
    /// <remarks>It never changes when the person moves, so it is not the current hukou place.</remarks>
    public string AddressCode => Checked[..6];

    /// <summary>
    /// The province of <see cref="AddressCode"/> (first two digits + <c>0000</c>), or null for Taiwan, Hong Kong and
    /// Macao codes (71, 81, 82, 83), which are no province of the region catalogue.
    /// </summary>
    public RegionCode? ProvinceCode =>
        RegionCode.TryParse(string.Concat(Checked.AsSpan(0, 2), "0000"), out var province) ? province : null;

    /// <summary>The place of <see cref="AddressCode"/> by GB/T 2260, e.g. <c>广东省深圳市福田区</c> (marked if since abolished).</summary>
    public string AddressPlace => AddressCodes.PlaceName(AddressCode) ?? throw new InvalidOperationException("Unreachable: validated on creation.");

    /// <summary>The birth date, digits 7–14.</summary>
    public DateOnly BirthDate => ParseBirthDate(Checked.AsSpan(6, 8)) ?? throw new InvalidOperationException("Unreachable: validated on creation.");

    /// <summary>The sex encoded by the sequence code's parity (digit 17): odd is male, even is female.</summary>
    /// <remarks>When a recorded sex disagrees, send the record to manual review; never correct either side (spec §1.1 rule 5).</remarks>
    public Sex Sex => (Checked[16] - '0') % 2 == 1 ? Sex.Male : Sex.Female;

    /// <summary>The number with the birth date and sequence hidden, e.g. <c>440304***********2</c>: safe for logs.</summary>
    public string Masked => Mask(Checked);

    /// <summary>
    /// Any 18-character text masked like <see cref="Masked"/> (a number read from a document before it is checked, or a
    /// synthetic id); anything else as <c>***</c>.
    /// </summary>
    public static string Mask(string? text) => text is { Length: 18 } ? string.Concat(text.AsSpan(0, 6), "***********", text.AsSpan(17, 1)) : "***";

    /// <summary>Whole years of age on a date; a birthday is reached on its day (29 February on 28 February in common years).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="date"/> is before the birth date.</exception>
    public int AgeOn(DateOnly date) => AgeInMonthsOn(date) / 12;

    /// <summary>
    /// Completed months of age on a date, e.g. 599 at 49 years 11 months, 600 at 50 years; a month is completed on the
    /// birth day of month, or on the month's last day when it is shorter.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="date"/> is before the birth date.</exception>
    public int AgeInMonthsOn(DateOnly date)
    {
        var birth = BirthDate;
        if (date < birth)
        {
            throw new ArgumentOutOfRangeException(nameof(date), date, "The date is before the person's birth date.");
        }

        var months = ((date.Year - birth.Year) * 12) + date.Month - birth.Month;
        return birth.AddMonths(months) > date ? months - 1 : months;
    }

    /// <summary>Parses and validates a number, judging "future" against today's date in China (UTC+8).</summary>
    /// <exception cref="InvalidCitizenIdException">The number breaks a rule; <see cref="InvalidCitizenIdException.Rule"/> says which.</exception>
    public static CitizenId Parse(string text) => Parse(text, ChinaToday());

    /// <summary>Parses and validates a number; a birth date after <paramref name="today"/> is rejected.</summary>
    /// <exception cref="InvalidCitizenIdException">The number breaks a rule; <see cref="InvalidCitizenIdException.Rule"/> says which.</exception>
    public static CitizenId Parse(string text, DateOnly today)
    {
        var failed = Validate(text, today, out var normalised);
        return failed is { } rule ? throw Error(rule, text, today) : new CitizenId(normalised);
    }

    /// <summary>Parses a number (today's date in China for the future check); false when it breaks any rule.</summary>
    public static bool TryParse(string? text, out CitizenId id) => TryParse(text, ChinaToday(), out id);

    /// <summary>Parses a number; false when it breaks any rule, including a birth date after <paramref name="today"/>.</summary>
    public static bool TryParse(string? text, DateOnly today, out CitizenId id)
    {
        var valid = Validate(text, today, out var normalised) is null;
        id = valid ? new CitizenId(normalised) : default;
        return valid;
    }

    /// <summary>Builds the number for an address code, birth date and sequence, computing the check character.</summary>
    /// <remarks>For test and demo data. The birth date is not compared with today.</remarks>
    /// <param name="addressCode">A GB/T 2260 address code (<see cref="AddressCodes"/>).</param>
    /// <param name="birthDate">The birth date.</param>
    /// <param name="sequence">0–999; odd for a man, even for a woman.</param>
    /// <exception cref="InvalidCitizenIdException">The address code is not six digits or no GB/T 2260 code.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="sequence"/> is outside 0–999.</exception>
    public static CitizenId Create(string addressCode, DateOnly birthDate, int sequence)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sequence);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sequence, 999);
        if (addressCode is not { Length: 6 } || !addressCode.All(char.IsAsciiDigit))
        {
            throw new InvalidCitizenIdException(CitizenIdRule.Format, $"Address code '{addressCode}' is not six digits.");
        }

        var body = string.Concat(addressCode, birthDate.ToString("yyyyMMdd", CultureInfo.InvariantCulture),
            sequence.ToString("D3", CultureInfo.InvariantCulture));
        var text = body + CheckCharacterOf(body);
        var failed = Validate(text, today: null, out var normalised);
        return failed is { } rule ? throw Error(rule, text, DateOnly.MaxValue) : new CitizenId(normalised);
    }

    /// <summary>The full number. Personal data: callers must log <see cref="Masked"/>, never this.</summary>
    public override string ToString() => Value ?? string.Empty;

    private string Checked => Value ?? throw new InvalidOperationException("default(CitizenId) is not a number; create one with CitizenId.Parse.");

    // Dates in the id are Chinese civil dates, so "today" is the date in China (UTC+8, no daylight saving), not the server's.
    private static DateOnly ChinaToday() => TimeProvider.System.Today();

    /// <summary>The ISO 7064 MOD 11-2 check character of the first 17 digits (for test data with chosen, even invalid, parts).</summary>
    public static char CheckCharacterOf(ReadOnlySpan<char> first17)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += (first17[i] - '0') * Weights[i];
        }

        return CheckCharacters[sum % 11];
    }

    private static DateOnly? ParseBirthDate(ReadOnlySpan<char> yyyyMMdd) =>
        DateOnly.TryParseExact(yyyyMMdd, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;

    // ASCII only: char.IsDigit would also accept full-width and other Unicode digits.
    private static bool IsWellFormed([NotNullWhen(true)] string? text) =>
        text is { Length: 18 }
        && !text.AsSpan(0, 17).ContainsAnyExceptInRange('0', '9')
        && (char.IsAsciiDigit(text[17]) || text[17] is 'X' or 'x');

    // Rules in spec order; the first that fails is reported. A null today skips the future check.
    private static CitizenIdRule? Validate(string? text, DateOnly? today, out string normalised)
    {
        normalised = string.Empty;
        if (!IsWellFormed(text))
        {
            return CitizenIdRule.Format;
        }

        var prefix = text[..2];
        if (!NonMainlandPrefixes.Contains(prefix) && !RegionCode.TryParse(prefix + "0000", out _))
        {
            return CitizenIdRule.Province;
        }

        if (!AddressCodes.IsKnown(text[..6]))
        {
            return CitizenIdRule.AddressCode;
        }

        var birth = ParseBirthDate(text.AsSpan(6, 8));
        if (birth is null)
        {
            return CitizenIdRule.BirthDate;
        }

        if (birth > today)
        {
            return CitizenIdRule.BirthDateInFuture;
        }

        if (char.ToUpperInvariant(text[17]) != CheckCharacterOf(text))
        {
            return CitizenIdRule.Checksum;
        }

        normalised = text.ToUpperInvariant();
        return null;
    }

    // Messages carry at most the masked number: they are logged.
    private static InvalidCitizenIdException Error(CitizenIdRule rule, string? text, DateOnly today)
    {
        var masked = rule == CitizenIdRule.Format ? string.Empty : Mask(text) + ": ";
        var message = rule switch
        {
            CitizenIdRule.Format when text is { Length: 15 } && text.All(char.IsAsciiDigit) =>
                "A 15-digit citizen id is a legacy GB 11643-1989 number; upgrade it to 18 characters (insert 19 before the year, add the check character) first.",
            CitizenIdRule.Format when text?.Length != 18 =>
                $"A citizen id number has 18 characters; this one has {text?.Length ?? 0}. Check for missing or extra digits.",
            CitizenIdRule.Format =>
                "A citizen id number is 17 digits followed by a digit or X; this one has other characters. Check it against the ID card.",
            CitizenIdRule.Province =>
                masked + "the address code does not start with a province-level code (11–65, or 71, 81, 82, 83); check the first two digits.",
            CitizenIdRule.AddressCode =>
                masked + "digits 1–6 are no administrative division code (GB/T 2260) of any edition since 1981; check the address code against the ID card.",
            CitizenIdRule.BirthDate =>
                masked + "digits 7–14 are not a real date (yyyyMMdd); check the birth date against the ID card.",
            CitizenIdRule.BirthDateInFuture =>
                masked + $"the birth date is after today ({today:yyyy-MM-dd}); check digits 7–14.",
            _ =>
                masked + "the check character does not match the first 17 digits (ISO 7064 MOD 11-2); a digit is probably mistyped, check the number against the ID card.",
        };
        return new InvalidCitizenIdException(rule, message);
    }
}

/// <summary>Writes a <see cref="CitizenId"/> as its full 18-character string, also as a dictionary key.</summary>
/// <remarks>JSON carries the full number: never log serialised payloads that contain one.</remarks>
public sealed class CitizenIdJsonConverter : JsonConverter<CitizenId>
{
    /// <inheritdoc />
    public override CitizenId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        CitizenId.TryParse(reader.GetString(), out var id) ? id : throw new JsonException("Expected a valid 18-character citizen id number.");

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, CitizenId value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());

    /// <inheritdoc />
    public override CitizenId ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Read(ref reader, typeToConvert, options);

    /// <inheritdoc />
    public override void WriteAsPropertyName(Utf8JsonWriter writer, CitizenId value, JsonSerializerOptions options) =>
        writer.WritePropertyName(value.ToString());
}
