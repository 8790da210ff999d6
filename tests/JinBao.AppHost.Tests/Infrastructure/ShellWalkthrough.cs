using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace JinBao.AppHost.Tests.Infrastructure;

/// <summary>
/// The <c>```bash</c> blocks of a document as one script, run as a reader pastes them into one terminal: in order, in
/// one shell, at the repository root. A command line ending in <c># → text</c> claims that it prints <c>text</c>; the
/// script checks each claim and stops at the first command that fails or claim that does not hold.
/// </summary>
public static partial class ShellWalkthrough
{
    private const string Prelude = """
        set -euo pipefail
        __claim() { grep -qF -- "$2" <<<"$1" || { printf 'CLAIM NOT MET: expected the output above to contain: %s\n' "$2" >&2; exit 1; }; }

        """;

    /// <summary>The repository's root (the folder with JinBao.sln), found upwards from the test's build folder.</summary>
    public static string RepositoryRoot
    {
        get
        {
            for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            {
                if (File.Exists(Path.Combine(folder.FullName, "JinBao.sln")))
                {
                    return folder.FullName;
                }
            }

            throw new InvalidOperationException($"No JinBao.sln above {AppContext.BaseDirectory}.");
        }
    }

    /// <summary>The bash blocks of <paramref name="document"/> (relative to the repository root), in order.</summary>
    public static IReadOnlyList<string> Blocks(string document) =>
        [.. BashBlock().Matches(File.ReadAllText(Path.Combine(RepositoryRoot, document))).Select(match => match.Groups[1].Value)];

    /// <summary>The blocks as one script, each claimed output checked.</summary>
    public static string Script(IEnumerable<string> blocks)
    {
        var script = new StringBuilder(Prelude);
        foreach (var command in blocks.SelectMany(LogicalLines))
        {
            var claim = Claim().Match(command);
            if (claim.Success && !command.TrimStart().StartsWith('#'))
            {
                var text = claim.Groups[2].Value.Trim();
                script.Append("__out=$(").Append(claim.Groups[1].Value).Append(")\nprintf '%s\\n' \"$__out\"\n")
                    .Append("__claim \"$__out\" '").Append(text.Replace("'", "'\\''", StringComparison.Ordinal)).Append("'\n");
            }
            else
            {
                script.Append(command).Append('\n');
            }
        }

        return script.ToString();
    }

    /// <summary>Runs <paramref name="script"/> with bash at the repository root; returns the exit code and everything it printed.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string script, IReadOnlyDictionary<string, string> environment, TimeSpan timeout)
    {
        var startInfo = new ProcessStartInfo("bash") { WorkingDirectory = RepositoryRoot, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        startInfo.ArgumentList.Add("-c");
        startInfo.ArgumentList.Add(script);
        foreach (var (name, value) in environment)
        {
            startInfo.Environment[name] = value;
        }

        using var process = new Process { StartInfo = startInfo };
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync().WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Append(output, $"(stopped after {timeout.TotalSeconds} s)");
            return (-1, output.ToString());
        }

        await process.WaitForExitAsync(); // the output is read to its end
        return (process.ExitCode, output.ToString());
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.Append(line).Append('\n');
            }
        }
    }

    // A command continued with a trailing backslash, or by a quoted string that spans lines, is one line for the claim check.
    private static IEnumerable<string> LogicalLines(string block)
    {
        var current = new StringBuilder();
        foreach (var line in block.Split('\n'))
        {
            current.Append(current.Length > 0 ? "\n" : "").Append(line);
            if (!line.EndsWith('\\') && !InsideQuotes(current.ToString()))
            {
                yield return current.ToString();
                current.Clear();
            }
        }
    }

    // Whether a quote is still open at the end of the text, as bash reads it (a comment ends at the line's end).
    private static bool InsideQuotes(string text)
    {
        var quote = '\0';
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quote == '\'')
            {
                quote = c == '\'' ? '\0' : quote;
            }
            else if (c == '\\')
            {
                i++; // escapes the next character, outside quotes and inside double quotes alike
            }
            else if (quote == '"')
            {
                quote = c == '"' ? '\0' : quote;
            }
            else if (c is '\'' or '"')
            {
                quote = c;
            }
            else if (c == '#' && (i == 0 || char.IsWhiteSpace(text[i - 1])))
            {
                var end = text.IndexOf('\n', i);
                if (end < 0)
                {
                    return false;
                }

                i = end;
            }
        }

        return quote != '\0';
    }

    [GeneratedRegex(@"^```bash\n(.*?)^```", RegexOptions.Singleline | RegexOptions.Multiline)]
    private static partial Regex BashBlock();

    [GeneratedRegex(@"^(.*?)\s+# → (.*)$", RegexOptions.Singleline)]
    private static partial Regex Claim();
}
