using JinBao.Errors;

namespace JinBao.Primitives;

/// <summary>A citizen id number (公民身份号码) that breaks a GB 11643-1999 rule; <see cref="Rule"/> says which.</summary>
/// <remarks>The message never repeats the full number, only its masked form, because messages end up in logs.</remarks>
[GenerateSerializer]
public sealed class InvalidCitizenIdException : JinBaoException
{
    /// <summary>Creates the error for a broken rule; the code is derived from the rule.</summary>
    public InvalidCitizenIdException(CitizenIdRule rule, string message)
        : base(ErrorKind.InvalidInput, CodeOf(rule), message)
    {
        Rule = rule;
    }

    /// <summary>The rule that failed.</summary>
    [Id(0)]
    public CitizenIdRule Rule { get; }

    /// <summary>The stable error code of a rule, e.g. <c>citizen-id-checksum</c>.</summary>
    public static string CodeOf(CitizenIdRule rule) => rule switch
    {
        CitizenIdRule.Format => "citizen-id-format",
        CitizenIdRule.Province => "citizen-id-province",
        CitizenIdRule.AddressCode => "citizen-id-address-code",
        CitizenIdRule.BirthDate => "citizen-id-birth-date",
        CitizenIdRule.BirthDateInFuture => "citizen-id-birth-date-future",
        CitizenIdRule.Checksum => "citizen-id-checksum",
        _ => throw new ArgumentOutOfRangeException(nameof(rule), rule, "Unknown citizen id rule."),
    };
}
