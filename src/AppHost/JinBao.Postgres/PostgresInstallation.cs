namespace JinBao.Postgres;

/// <summary>An installed PostgreSQL: the folder holding its programs (initdb, postgres, pg_ctl), all of one version.</summary>
public sealed class PostgresInstallation
{
    /// <summary>Where Debian and Ubuntu put each installed major version: <c>/usr/lib/postgresql/&lt;major&gt;/bin</c>.</summary>
    public const string LibRoot = "/usr/lib/postgresql";

    private PostgresInstallation(string binDirectory) => BinDirectory = binDirectory;

    public string BinDirectory { get; }

    /// <summary>The path of one of its programs, such as <c>initdb</c>.</summary>
    public string Program(string name) => Path.Combine(BinDirectory, name);

    /// <summary>
    /// The bin folders under <see cref="LibRoot"/>: <paramref name="preferredMajorVersion"/> first (a data folder needs
    /// the major version that made it), then the newest.
    /// </summary>
    public static IEnumerable<string> UnderLibRoot(string? preferredMajorVersion = null) =>
        Directory.Exists(LibRoot)
            ? Directory.EnumerateDirectories(LibRoot)
                .OrderByDescending(directory => Path.GetFileName(directory) == preferredMajorVersion)
                .ThenByDescending(directory => int.TryParse(Path.GetFileName(directory), out var version) ? version : -1)
                .Select(directory => Path.Combine(directory, "bin"))
                .ToList()
            : [];

    /// <summary>The folders on PATH, in order.</summary>
    public static IEnumerable<string> OnPath() =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);

    /// <summary>
    /// The first of <paramref name="candidateFolders"/> that holds every one of <paramref name="programs"/>, or null.
    /// A program reached through a link (<c>/usr/local/bin/initdb</c>) counts from the folder it links into, so that
    /// the other programs come from the same installation.
    /// </summary>
    public static PostgresInstallation? Find(IEnumerable<string> candidateFolders, params IReadOnlyList<string> programs)
    {
        ArgumentOutOfRangeException.ThrowIfZero(programs.Count);
        foreach (var folder in candidateFolders)
        {
            var first = Path.Combine(folder, programs[0]);
            if (!File.Exists(first))
            {
                continue;
            }

            var binDirectory = Path.GetDirectoryName(new FileInfo(first).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? first)!;
            if (programs.All(program => File.Exists(Path.Combine(binDirectory, program))))
            {
                return new PostgresInstallation(binDirectory);
            }
        }

        return null;
    }
}
