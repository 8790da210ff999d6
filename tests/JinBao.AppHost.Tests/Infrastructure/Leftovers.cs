using System.Globalization;

namespace JinBao.AppHost.Tests.Infrastructure;

/// <summary>Finds processes an AppHost run left alive, by what every one of them carries.</summary>
public static class Leftovers
{
    /// <summary>
    /// Any live process whose command line names <paramref name="dataFolder"/> (the postmaster:
    /// <c>postgres -D &lt;folder&gt;/pgdata</c>) or whose environment does (silos carry their key path under it, the
    /// demo its database), and Aspire's DCP processes that watch the AppHost <paramref name="appHostId"/>.
    /// </summary>
    public static IReadOnlyList<string> Find(string dataFolder, int appHostId)
    {
        var found = new List<string>();

        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                || id == Environment.ProcessId
                || !IsAlive(id))
            {
                continue;
            }

            var commandLine = CommandLine(id);
            if (commandLine.Contains(dataFolder, StringComparison.Ordinal)
                || commandLine.Contains($"--monitor {appHostId.ToString(CultureInfo.InvariantCulture)}", StringComparison.Ordinal)
                || Read($"/proc/{id}/environ").Contains(dataFolder, StringComparison.Ordinal))
            {
                found.Add($"pid {id}: {commandLine}");
            }
        }

        return [.. found.Distinct()];
    }

    /// <summary>The AppHost process whose environment names <paramref name="dataFolder"/> (as <c>dotnet run</c> starts it), or null.</summary>
    public static int? AppHostProcessId(string dataFolder)
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                && IsAlive(id)
                && CommandLine(id).Split(' ')[0].EndsWith("/JinBao.AppHost", StringComparison.Ordinal)
                && Read($"/proc/{id}/environ").Contains(dataFolder, StringComparison.Ordinal))
            {
                return id;
            }
        }

        return null;
    }

    // A zombie has exited; only its exit status waits to be collected.
    private static bool IsAlive(int id)
    {
        var stat = Read($"/proc/{id}/stat");
        var afterName = stat.LastIndexOf(')');
        return afterName > 0 && afterName + 2 < stat.Length && stat[afterName + 2] != 'Z';
    }

    private static string CommandLine(int id) => Read($"/proc/{id}/cmdline").Replace('\0', ' ').Trim();

    private static string Read(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }
}
