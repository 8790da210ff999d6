using System.Text.RegularExpressions;

namespace JinBao.Privacy;

/// <summary>
/// Masks anything shaped like a citizen id in text bound for logs. Exception messages from Orleans name grain ids,
/// and a person's grain id is the full citizen id, so no exception text is logged without passing through here.
/// </summary>
public static partial class CitizenIdRedaction
{
    /// <summary>The text with every citizen-id-shaped run masked to its address code and check character.</summary>
    public static string Redact(string? text) =>
        string.IsNullOrEmpty(text) ? string.Empty : CitizenIdShape().Replace(text, m => Primitives.CitizenId.Mask(m.Value));

    // 17 digits and a digit or X, not inside a longer run of digits.
    [GeneratedRegex(@"(?<![0-9])[0-9]{17}[0-9Xx](?![0-9])", RegexOptions.CultureInvariant)]
    private static partial Regex CitizenIdShape();
}
