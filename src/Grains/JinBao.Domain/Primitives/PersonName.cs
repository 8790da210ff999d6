using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

using JinBao.Errors;

namespace JinBao.Primitives;

/// <summary>
/// The rule for a person's name (姓名) as enrolment records it, and its mask. A name is personal data like the citizen
/// id, but unlike the id it has no shape a log filter could recognise (the log filter, <c>CitizenIdRedaction</c>, cannot
/// find it), so it is never logged at all; where a name must be shown to someone who may not see it, show
/// <see cref="Mask"/>.
/// </summary>
/// <remarks>
/// A name is 1–<see cref="MaxLength"/> characters after trimming: letters of any script (Han, including the
/// supplementary planes where rare surnames live, Latin, Cyrillic, Arabic-script Uyghur…), the middle dot <c>·</c> that
/// joins the parts of minority and transliterated names (e.g. 阿沛·阿旺晋美), spaces and hyphens, beginning and ending
/// with a letter. Characters are counted as Unicode scalar values, so a supplementary-plane character counts once.
/// Digits, punctuation and symbols are refused: they are typing mistakes or injection attempts, not names.
/// </remarks>
public static class PersonName
{
    /// <summary>The most characters a name may have (issue 18): room for long transliterated names, not for free text.</summary>
    public const int MaxLength = 40;

    /// <summary>The middle dot (U+00B7) of minority and transliterated names.</summary>
    public const char MiddleDot = '·';

    /// <summary>The character a masked name shows in place of each hidden one.</summary>
    public const char MaskCharacter = '*';

    /// <summary>The name trimmed, when it follows the rule.</summary>
    /// <exception cref="JinBaoException"><c>person-name-invalid</c> (<see cref="ErrorKind.InvalidInput"/>): it does not; the message never repeats it.</exception>
    public static string Validate(string? text) =>
        TryValidate(text, out var name) ? name
            : throw new JinBaoException(ErrorKind.InvalidInput, "person-name-invalid",
                $"A name is 1–{MaxLength} characters: letters (Chinese characters included), the middle dot '{MiddleDot}', spaces and hyphens, beginning and ending with a letter.");

    /// <summary>True, with the name trimmed, when <paramref name="text"/> follows the rule.</summary>
    public static bool TryValidate([NotNullWhen(true)] string? text, [NotNullWhen(true)] out string? name)
    {
        name = null;
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return false;
        }

        var count = 0;
        var previous = default(Rune?);
        foreach (var rune in trimmed.EnumerateRunes())
        {
            count++;
            if (count > MaxLength || !IsAllowed(rune, previous) || (previous is null && !Rune.IsLetter(rune)))
            {
                return false;
            }

            previous = rune;
        }

        if (previous is not { } last || !(Rune.IsLetter(last) || IsMark(last)))
        {
            return false;
        }

        name = trimmed;
        return true;
    }

    /// <summary>
    /// The name with every character but the first replaced by <see cref="MaskCharacter"/>, e.g. <c>张三丰</c> →
    /// <c>张**</c>; a one-character name is <c>*</c>. Keeps the length, so a clerk can tell 张三 from 张三丰 without
    /// reading either; the empty text for null or empty.
    /// </summary>
    public static string Mask(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return string.Empty;
        }

        var runes = name.EnumerateRunes();
        runes.MoveNext();
        var first = runes.Current;
        var hidden = 0;
        while (runes.MoveNext())
        {
            hidden++;
        }

        return hidden == 0 ? new string(MaskCharacter, 1) : string.Concat(first.ToString(), new string(MaskCharacter, hidden));
    }

    // Letters anywhere; combining marks after a letter (a decomposed é); a single separator between two letters.
    private static bool IsAllowed(Rune rune, Rune? previous) =>
        Rune.IsLetter(rune)
        || (IsMark(rune) && previous is { } before && (Rune.IsLetter(before) || IsMark(before)))
        || (IsSeparator(rune) && previous is { } letter && !IsSeparator(letter));

    private static bool IsSeparator(Rune rune) => rune.Value is MiddleDot or ' ' or '-';

    private static bool IsMark(Rune rune) =>
        Rune.GetUnicodeCategory(rune) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark;
}
