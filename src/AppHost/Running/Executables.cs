namespace JinBao.AppHost.Running;

/// <summary>Finds the programs the AppHost runs: <c>dotnet</c>, <c>setsid</c>, <c>runuser</c>, PostgreSQL's tools.</summary>
public static class Executables
{
    /// <summary>The <c>dotnet</c> host of the runtime this AppHost runs on, so silos and APIs run on the same one.</summary>
    public static string Dotnet { get; } = FindDotnet();

    public static string? FindOnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, tool))
            .FirstOrDefault(File.Exists);

    private static string FindDotnet()
    {
        // `dotnet run` starts the AppHost through its own native launcher, so the current process is not always dotnet.
        if (Environment.ProcessPath is { } current && Path.GetFileNameWithoutExtension(current) == "dotnet")
        {
            return current;
        }

        // The shared framework lives in <dotnet root>/shared/Microsoft.NETCore.App/<version>/.
        var runtimeDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location);
        if (runtimeDirectory is not null)
        {
            var root = Path.GetFullPath(Path.Combine(runtimeDirectory, "..", "..", ".."));
            var candidate = Path.Combine(root, "dotnet");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return FindOnPath("dotnet") ?? "dotnet";
    }
}
