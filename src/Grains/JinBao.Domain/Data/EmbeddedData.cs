using System.Reflection;

namespace JinBao.Data;

/// <summary>
/// Reads the reference data files of the repo's <c>data/</c> folder, which are compiled into this assembly
/// so that a deployed silo or API never depends on files beside it.
/// </summary>
public static class EmbeddedData
{
    /// <summary>The data lines of an embedded CSV file: comment lines (<c>#</c>), blank lines and the header row skipped, each split on commas.</summary>
    /// <param name="fileName">The file name in <c>data/</c>, e.g. <c>cn-public-holidays.csv</c>.</param>
    /// <exception cref="FileNotFoundException">No such file was compiled in.</exception>
    public static IReadOnlyList<string[]> ReadCsv(string fileName)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"JinBao.Data.{fileName}")
            ?? throw new FileNotFoundException($"Reference data '{fileName}' is not embedded; add it to data/ and rebuild.", fileName);
        using var reader = new StreamReader(stream);
        var rows = new List<string[]>();
        var headerSeen = false;
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            if (!headerSeen)
            {
                headerSeen = true;
                continue;
            }

            rows.Add(line.Split(',').Select(cell => cell.Trim()).ToArray());
        }

        return rows;
    }
}
