namespace JinBao.Primitives;

/// <summary>The GB 11643-1999 rule a citizen id number broke (spec §1.1), checked in this order.</summary>
public enum CitizenIdRule
{
    /// <summary>Not 17 ASCII digits followed by a digit or <c>X</c> (<c>citizen-id-format</c>).</summary>
    Format = 1,

    /// <summary>The first two digits are not a province-level code (<c>citizen-id-province</c>).</summary>
    Province = 2,

    /// <summary>Digits 7–14 are not a real date (<c>citizen-id-birth-date</c>).</summary>
    BirthDate = 3,

    /// <summary>The birth date is after today (<c>citizen-id-birth-date-future</c>).</summary>
    BirthDateInFuture = 4,

    /// <summary>The check character does not match ISO 7064 MOD 11-2 (<c>citizen-id-checksum</c>).</summary>
    Checksum = 5,

    /// <summary>
    /// The six-digit address code is no GB/T 2260 code of any edition since 1981 (<c>citizen-id-address-code</c>),
    /// see <see cref="AddressCodes"/>.
    /// </summary>
    AddressCode = 6,
}
