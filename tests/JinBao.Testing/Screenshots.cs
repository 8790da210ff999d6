namespace JinBao.Testing;

/// <summary>
/// Where browser tests put their screenshots: <c>&lt;repo&gt;/artifacts/screenshots</c> (ignored by git, kept by CI as
/// artifacts), so a person can look at what the test saw.
/// </summary>
public static class Screenshots
{
    public static string Folder { get; } = Create();

    public static string PathOf(string name) => Path.Combine(Folder, name + ".png");

    private static string Create()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "JinBao.sln")))
        {
            directory = directory.Parent;
        }

        var folder = Path.Combine(directory?.FullName ?? AppContext.BaseDirectory, "artifacts", "screenshots");
        Directory.CreateDirectory(folder);
        return folder;
    }
}
