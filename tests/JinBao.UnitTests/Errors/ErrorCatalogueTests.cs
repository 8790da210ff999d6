using System.Text.RegularExpressions;

using JinBao.Grains.Medical;

namespace JinBao.UnitTests.Errors;

/// <summary>
/// docs/errors.md lists exactly the error codes the source produces: every code at a throw site (or an answer the API or
/// the exchange builds itself) has a row, and every row names a code still produced somewhere.
/// </summary>
/// <remarks>
/// The source is read as text, not loaded: the API's codes live in an assembly this project does not reference, and
/// most codes are literals at the throw site, so a scan sees the same thing a reviewer greps for.
/// </remarks>
public sealed partial class ErrorCatalogueTests
{
    private const string CataloguePath = "docs/errors.md";

    private static readonly Lazy<string> RepositoryRoot = new(FindRepositoryRoot);
    private static readonly Lazy<IReadOnlyList<ProducedCode>> Produced = new(ScanSource);
    private static readonly Lazy<IReadOnlyList<DocumentedCode>> Documented = new(ReadCatalogue);

    [Fact]
    public void Catalogue_ListsEveryCodeTheSourceProduces()
    {
        var documented = Documented.Value.Select(d => d.Code).ToHashSet(StringComparer.Ordinal);
        var missing = Produced.Value.Where(p => !documented.Contains(p.Code)).GroupBy(p => p.Code).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();

        Assert.True(missing.Count == 0,
            $"{missing.Count} error code(s) are produced in src/ but not listed in {CataloguePath}:\n"
            + string.Join("\n", missing.Select(g => $"  - {g.Key}  (at {string.Join(", ", g.Select(p => p.Location))})"))
            + $"\nAdd a row `| `<code>` | <HTTP status> | <one-line meaning> |` for each to the table of its area in {CataloguePath}."
            + " The status of a JinBaoException is its ErrorKind's (InvalidInput 400, RuleViolation 409, NotFound 404, Unavailable 503).");
    }

    [Fact]
    public void Catalogue_ListsNoCodeTheSourceNoLongerProduces()
    {
        var produced = Produced.Value.Select(p => p.Code).ToHashSet(StringComparer.Ordinal);
        var stale = Documented.Value.Where(d => !produced.Contains(d.Code)).ToList();

        Assert.True(stale.Count == 0,
            $"{stale.Count} code(s) listed in {CataloguePath} are produced nowhere in src/:\n"
            + string.Join("\n", stale.Select(d => $"  - {d.Code}  ({CataloguePath}:{d.Line})"))
            + "\nRemove the row if the code is gone. If it is still produced but in a shape this scan does not recognise, "
            + $"add a pattern to {nameof(ErrorCatalogueTests)}.{nameof(Patterns)} rather than keeping the row unchecked.");
    }

    [Fact]
    public void Catalogue_ListsEachCodeOnce()
    {
        var duplicates = Documented.Value.GroupBy(d => d.Code).Where(g => g.Count() > 1).ToList();

        Assert.True(duplicates.Count == 0,
            $"Codes listed more than once in {CataloguePath}:\n"
            + string.Join("\n", duplicates.Select(g => $"  - {g.Key}  (lines {string.Join(", ", g.Select(d => d.Line))})"))
            + "\nKeep one row per code, in the area that owns it; give every status it can have in that row.");
    }

    [Fact]
    public void ThrowSites_UseKebabCaseLiteralOrConstantCodes()
    {
        var bad = Produced.Value.Where(p => !KebabCase().IsMatch(p.Code)).ToList();

        Assert.True(bad.Count == 0,
            "Error codes must be kebab-case literals (or a const string holding one, declared once in src/): they become "
            + "problem types and clients match on them.\n"
            + string.Join("\n", bad.Select(p => $"  - '{p.Code}' at {p.Location}")));
    }

    /// <summary>The shapes in which the source produces a code, each with the code in group <c>code</c> (or a constant's name in <c>name</c>).</summary>
    /// <remarks>
    /// Codes relayed from elsewhere (<c>exception.Code</c>, <c>answer.Code</c>) are deliberately not matched: they are
    /// listed where they are first produced.
    /// </remarks>
    private static readonly (string Shape, Regex Regex, bool ApiOnly)[] Patterns =
    [
        // new JinBaoException(ErrorKind.X, "code", …), target-typed new(ErrorKind.X, …), a subclass's base(ErrorKind.X, …),
        // with the code as a literal or as a constant (UnavailableCode, MedicalStatementsGrain.UnavailableCode).
        ("JinBaoException", DomainError(), false),

        // InvalidCitizenIdException.CodeOf: one code per CitizenIdRule.
        ("CitizenIdRule code", CitizenIdRuleCode(), false),

        // The exchange's refusals between clusters (its 2xx receipts are not errors), with a literal or a …Code constant;
        // a code passed on from a caught exception was catalogued where it was thrown.
        ("exchange refusal", ExchangeRefusal(), false),

        // The code a request across clusters answers when the deciding cluster cannot be reached, given as its last
        // argument: requests.AskNationalAsync(…, UnavailableCode), requests.ForwardAsync(request, target, XCode).
        ("exchange unreachable", ExchangeUnreachable(), false),

        // The API's own problems: Problems.Create(status, "code", …), Problems.Forbidden("code", …), TypeOf("code").
        ("Problems.Create", ProblemCreate(), false),
        ("Problems.Forbidden", ProblemForbidden(), false),
        ("Problems.TypeOf", ProblemType(), false),

        // The token endpoint's RFC 6749 errors, answered as codes with '-' for '_'.
        ("OAuth error", OAuthError(), false),

        // The codes given to the problems ASP.NET writes by itself (ProblemDetailsSetup.ByStatus).
        ("status default", StatusDefault(), false),

        // Field errors start with their code ("enrolment-date-future: …"); only the API answers field errors, and
        // grain messages may legitimately contain "word-word: ".
        ("field error prefix", FieldErrorPrefix(), true),
    ];

    private static IReadOnlyList<ProducedCode> ScanSource()
    {
        var root = RepositoryRoot.Value;
        var files = Directory.EnumerateFiles(Path.Combine(root, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !IsBuildOutput(Path.GetRelativePath(root, f)))
            .Select(f => (Path: Relative(root, f), Text: File.ReadAllText(f)))
            .ToList();
        Assert.NotEmpty(files);

        var constants = files
            .SelectMany(f => StringConstant().Matches(f.Text).Select(m => (Name: m.Groups["name"].Value, Value: m.Groups["value"].Value, f.Path)))
            .ToList();

        var produced = new List<ProducedCode>();
        foreach (var (path, text) in files)
        {
            foreach (var (shape, regex, apiOnly) in Patterns)
            {
                if (apiOnly && !path.StartsWith("src/Api/", StringComparison.Ordinal))
                {
                    continue;
                }

                foreach (Match match in regex.Matches(text))
                {
                    var location = $"{path}:{LineOf(text, match.Index)}";
                    var code = match.Groups["code"].Success
                        ? match.Groups["code"].Value
                        : ResolveConstant(match.Groups["name"].Value, path, constants, location);
                    produced.Add(new ProducedCode(shape == "OAuth error" ? code.Replace('_', '-') : code, location));
                }
            }
        }

        return produced;
    }

    // A code passed by name must be a const string: in the same file, in the named type's file, or else declared exactly once in src/.
    private static string ResolveConstant(string name, string path, List<(string Name, string Value, string Path)> constants, string location)
    {
        var simple = name[(name.LastIndexOf('.') + 1)..];
        var candidates = constants.Where(c => c.Name == simple).ToList();
        var local = candidates.Where(c => c.Path == path).ToList();
        // Type.Name: the type's own file (one type per file) tells same-named constants apart.
        var owner = name.Contains('.') ? name[..name.LastIndexOf('.')].Split('.')[^1] : null;
        var owned = candidates.Where(c => Path.GetFileNameWithoutExtension(c.Path) == owner).ToList();
        var chosen = local.Count == 1 ? local : owned.Count == 1 ? owned : candidates;
        return chosen.Count == 1
            ? chosen[0].Value
            : throw new InvalidOperationException(
                $"The error code at {location} is passed as '{name}', which is not a const string declared once in src/ "
                + $"({candidates.Count} found). Use a literal or a single const string so the catalogue can check it.");
    }

    private static IReadOnlyList<DocumentedCode> ReadCatalogue()
    {
        var path = Path.Combine(RepositoryRoot.Value, CataloguePath);
        Assert.True(File.Exists(path), $"{CataloguePath} is missing: it is the catalogue of error codes.");
        var rows = File.ReadAllLines(path)
            .Select((line, index) => (Match: CatalogueRow().Match(line), Line: index + 1))
            .Where(r => r.Match.Success)
            .Select(r => new DocumentedCode(r.Match.Groups["code"].Value, r.Line))
            .ToList();
        Assert.True(rows.Count > 0, $"{CataloguePath} has no table rows of the form | `code` | status | meaning |.");
        return rows;
    }

    private static string FindRepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "JinBao.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No JinBao.sln above {AppContext.BaseDirectory}: the catalogue test reads the source tree.");
    }

    private static bool IsBuildOutput(string relative) =>
        relative.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj");

    private static string Relative(string root, string file) => Path.GetRelativePath(root, file).Replace(Path.DirectorySeparatorChar, '/');

    private static int LineOf(string text, int index) => text.AsSpan(0, index).Count('\n') + 1;

    private sealed record ProducedCode(string Code, string Location);

    private sealed record DocumentedCode(string Code, int Line);

    private const string CodeLiteral = "\"(?<code>[^\"\\r\\n]*)\"";

    [GeneratedRegex(@"(?:\bnew\s*(?:(?:[\w.]+\.)?JinBaoException\s*)?|:\s*base\s*)\(\s*(?:[\w.]+\.)?ErrorKind\.\w+\s*,\s*(?:" + CodeLiteral + @"|(?<name>[A-Za-z_][\w.]*)\s*[,)])")]
    private static partial Regex DomainError();

    // Only kebab-case literals: the same switch shape elsewhere (CitizenId's messages) maps rules to sentences.
    [GeneratedRegex(@"\bCitizenIdRule\.\w+\s*=>\s*""(?<code>[a-z0-9]+(?:-[a-z0-9]+)*)""")]
    private static partial Regex CitizenIdRuleCode();

    [GeneratedRegex(@"\bnew\s+Exchange(?:Receipt|Answer)\(\s*[45]\d\d\s*,\s*(?:" + CodeLiteral + @"|(?<name>[A-Z]\w*(?:\.[A-Z]\w*)*Code)\s*,)")]
    private static partial Regex ExchangeRefusal();

    [GeneratedRegex(@"\b(?:AskNational|Forward)Async\([^;]*?,\s*(?:" + CodeLiteral + @"|(?<name>[A-Z]\w*(?:\.[A-Z]\w*)*Code))\s*\)")]
    private static partial Regex ExchangeUnreachable();

    // Qualified or not (Problems calls its own Create), but only with a literal status, so no other Create matches.
    [GeneratedRegex(@"\bCreate\(\s*(?:StatusCodes\.Status)?\d{3}\w*\s*,\s*" + CodeLiteral)]
    private static partial Regex ProblemCreate();

    [GeneratedRegex(@"\bProblems\.Forbidden\(\s*" + CodeLiteral)]
    private static partial Regex ProblemForbidden();

    [GeneratedRegex(@"\bTypeOf\(\s*" + CodeLiteral + @"\s*\)")]
    private static partial Regex ProblemType();

    [GeneratedRegex(@"\bOAuthError\(\s*(?:StatusCodes\.Status)?\d{3}\w*\s*,\s*" + CodeLiteral)]
    private static partial Regex OAuthError();

    [GeneratedRegex(@"\[\s*StatusCodes\.Status\d{3}\w*\s*\]\s*=\s*\(\s*" + CodeLiteral)]
    private static partial Regex StatusDefault();

    [GeneratedRegex(@"(?<![\w""\\])\$?""(?<code>[a-z0-9]+(?:-[a-z0-9]+)+): ")]
    private static partial Regex FieldErrorPrefix();

    [GeneratedRegex(@"\bconst\s+string\s+(?<name>\w+)\s*=\s*""(?<value>[^""\r\n]*)""")]
    private static partial Regex StringConstant();

    [GeneratedRegex(@"^\|\s*`(?<code>[^`]+)`\s*\|")]
    private static partial Regex CatalogueRow();

    [GeneratedRegex("^[a-z0-9]+(?:-[a-z0-9]+)*$")]
    private static partial Regex KebabCase();
}
