using System.Globalization;
using System.Text.Json;

using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

using JinBao.Primitives;

namespace JinBao.UnitTests.Primitives;

public sealed class CitizenIdProperties
{
    private static readonly DateOnly Today = new(2026, 1, 1);
    private static readonly DateOnly EarliestBirth = new(1900, 1, 1);

    // Every GB/T 2260 code since 1981 (in use or abolished), Hong Kong, Macao and Taiwan, and the residence-permit 830000.
    private static readonly Gen<string> AddressCodes = Gen.Elements([.. JinBao.Primitives.AddressCodes.All, "830000"]);

    // Six digits under a real province prefix that no edition of GB/T 2260 ever used.
    private static readonly Gen<string> InventedAddressCodes =
        from prefix in Gen.Elements(RegionCode.Provinces.Select(p => p.Value[..2]).ToArray())
        from county in Gen.Choose(0, 9999)
        let code = prefix + county.ToString("D4", CultureInfo.InvariantCulture)
        where !JinBao.Primitives.AddressCodes.IsKnown(code)
        select code;

    private static readonly Gen<DateOnly> BirthDates =
        Gen.Choose(EarliestBirth.DayNumber, Today.DayNumber).Select(DateOnly.FromDayNumber);

    private static readonly Gen<(string Address, DateOnly Birth, int Sequence)> Parts =
        from address in AddressCodes
        from birth in BirthDates
        from sequence in Gen.Choose(0, 999)
        select (address, birth, sequence);

    private static readonly Gen<CitizenId> Ids = Parts.Select(p => CitizenId.Create(p.Address, p.Birth, p.Sequence));

    [Property]
    public Property Create_ParsesAndRoundTrips() =>
        Prop.ForAll(Arb.From(Parts), p =>
        {
            var id = CitizenId.Create(p.Address, p.Birth, p.Sequence);
            var parsed = CitizenId.Parse(id.Value, Today);
            return parsed == id
                && CitizenId.Parse(id.ToString().ToLowerInvariant(), Today) == id
                && JsonSerializer.Deserialize<CitizenId>(JsonSerializer.Serialize(id)) == id
                && parsed.AddressCode == p.Address
                && parsed.BirthDate == p.Birth;
        });

    [Property]
    public Property InventedAddressCode_IsRefusedNamingTheRule() =>
        Prop.ForAll(Arb.From(from address in InventedAddressCodes from birth in BirthDates from sequence in Gen.Choose(0, 999) select (address, birth, sequence)), p =>
        {
            var body = p.address + p.birth.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + p.sequence.ToString("D3", CultureInfo.InvariantCulture);
            var text = body + CitizenId.CheckCharacterOf(body); // a correct check character: only the address code is wrong
            return !CitizenId.TryParse(text, Today, out _)
                && Assert.Throws<InvalidCitizenIdException>(() => CitizenId.Parse(text, Today)).Rule == CitizenIdRule.AddressCode;
        });

    [Property]
    public Property ChangingOneCharacter_IsAlwaysDetected()
    {
        // MOD 11-2 has non-zero weights modulo the prime 11, so every single substitution changes the remainder.
        var edits =
            from id in Ids
            from position in Gen.Choose(0, 17)
            from replacement in Gen.Elements((position == 17 ? "0123456789X" : "0123456789").ToCharArray())
            where id.Value[position] != replacement
            select (id, position, replacement);

        return Prop.ForAll(Arb.From(edits), e =>
        {
            var chars = e.id.Value.ToCharArray();
            chars[e.position] = e.replacement;
            return !CitizenId.TryParse(new string(chars), Today, out _);
        });
    }

    [Property]
    public Property Masked_HidesBirthDateAndKeepsEnds() =>
        Prop.ForAll(Arb.From(Ids), id =>
            !id.Masked.Contains(id.BirthDate.ToString("yyyyMMdd", CultureInfo.InvariantCulture), StringComparison.Ordinal)
            && id.Masked.Length == 18
            && id.Masked.StartsWith(id.Value[..6], StringComparison.Ordinal)
            && id.Masked[17] == id.Value[17]
            && id.Masked[6..17].All(c => c == '*'));

    [Property]
    public Property Sex_FollowsSequenceParity() =>
        Prop.ForAll(Arb.From(Parts), p =>
            CitizenId.Create(p.Address, p.Birth, p.Sequence).Sex == (p.Sequence % 2 == 1 ? Sex.Male : Sex.Female));

    [Property]
    public Property AgeOn_TurnsOnEachBirthday()
    {
        var cases = from id in Ids from years in Gen.Choose(1, 100) select (id, years);

        return Prop.ForAll(Arb.From(cases), c =>
        {
            var birthday = c.id.BirthDate.AddYears(c.years);
            return c.id.AgeOn(birthday) == c.years
                && c.id.AgeOn(birthday.AddDays(-1)) == c.years - 1
                && c.id.AgeInMonthsOn(birthday) == c.years * 12;
        });
    }
}
