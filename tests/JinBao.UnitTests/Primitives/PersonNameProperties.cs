using System.Text;

using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

using JinBao.Primitives;

namespace JinBao.UnitTests.Primitives;

public sealed class PersonNameProperties
{
    // Han (two from a supplementary plane, as rare surnames are), Latin, Cyrillic and Uyghur letters.
    private static readonly Gen<string> Letters = Gen.Elements("张", "王", "李", "三", "丰", "阿", "依", "古", "丽", "买", "提", "𠀾", "𪚥", "a", "Z", "é", "Я", "ئ");

    private static readonly Gen<string> Separators = Gen.Elements("·", " ", "-");

    // Words of letters joined by single separators, 1–40 characters in all, sometimes padded with spaces.
    private static readonly Gen<string> Names =
        from words in Gen.Choose(1, 4)
        from lengths in Gen.ArrayOf(Gen.Choose(1, 9), words)
        from letters in Gen.ArrayOf(Letters, lengths.Sum())
        from separators in Gen.ArrayOf(Separators, words)
        from padding in Gen.Elements("", " ", "  ")
        let name = Join(lengths, letters, separators)
        where name.EnumerateRunes().Count() <= PersonName.MaxLength
        select padding + name + padding;

    [Property]
    public Property Validate_AcceptsEveryWellFormedName_Trimmed() =>
        Prop.ForAll(Arb.From(Names), text => PersonName.Validate(text) == text.Trim());

    [Property]
    public Property Validate_RefusesANameWithADigitOrSymbolInside() =>
        Prop.ForAll(Arb.From(from name in Names from intruder in Gen.Elements("3", "٣", "$", "*", "'", ";", "😀", "\t") select (name, intruder)), p =>
        {
            // Inside the name, between two letters (a leading or trailing intruder would only be trimmed, and a
            // one-letter name gets its letter again after it), never inside a surrogate pair.
            var runes = p.name.Trim().EnumerateRunes().Select(r => r.ToString()).ToList();
            var at = Math.Max(1, runes.Count / 2);
            var after = at < runes.Count ? string.Concat(runes.Skip(at)) : runes[0];
            var spoiled = string.Concat(runes.Take(at)) + p.intruder + after;
            return !PersonName.TryValidate(spoiled, out _);
        });

    [Property]
    public Property Mask_KeepsTheLengthAndTheFirstCharacter_AndHidesEveryOther() =>
        Prop.ForAll(Arb.From(Names), text =>
        {
            var name = PersonName.Validate(text);
            var original = name.EnumerateRunes().ToList();
            var masked = PersonName.Mask(name).EnumerateRunes().ToList();
            return masked.Count == original.Count
                && (original.Count == 1
                    ? masked[0] == new Rune(PersonName.MaskCharacter)
                    : masked[0] == original[0] && masked.Skip(1).All(rune => rune == new Rune(PersonName.MaskCharacter)));
        });

    [Property]
    public Property Mask_ShowsNoOtherCharacterOfTheName() =>
        Prop.ForAll(Arb.From(Names), text =>
        {
            var name = PersonName.Validate(text);
            var first = name.EnumerateRunes().First();
            var masked = PersonName.Mask(name);
            return name.EnumerateRunes().Skip(1).Where(rune => rune != first).All(rune => !masked.EnumerateRunes().Contains(rune));
        });

    private static string Join(int[] lengths, string[] letters, string[] separators)
    {
        var name = new StringBuilder();
        var next = 0;
        for (var word = 0; word < lengths.Length; word++)
        {
            if (word > 0)
            {
                name.Append(separators[word]);
            }

            for (var i = 0; i < lengths[word]; i++)
            {
                name.Append(letters[next++]);
            }
        }

        return name.ToString();
    }
}
