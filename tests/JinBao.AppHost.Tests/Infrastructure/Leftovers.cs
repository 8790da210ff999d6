using System.Globalization;

namespace JinBao.AppHost.Tests.Infrastructure;

/// <summary>Finds processes an AppHost run left alive, by the ids it reported and by what every process carries.</summary>
public static class Leftovers
{
    /// <summary>
    /// Live processes among <paramref name="reportedIds"/>, plus any process whose command line names
    /// <paramref name="dataFolder"/> (the postmaster: <c>postgres -D &lt;folder&gt;/pgdata</c>) or whose environment
    /// carries it (silos and APIs inherit <c>JINBAO_APPHOST_DATA</c> from the AppHost).
    /// </summary>
    public static IReadOnlyList<string> Find(string dataFolder, IEnumerable<int> reportedIds)
    {
        var found = new List<string>();
        foreach (var id in reportedIds.Distinct().Where(IsAlive))
        {
            found.Add($"pid {id} (reported by the AppHost): {CommandLine(id)}");
        }

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
                || Read($"/proc/{id}/environ").Contains("JINBAO_APPHOST_DATA=" + dataFolder + "\0", StringComparison.Ordinal))
            {
                found.Add($"pid {id}: {commandLine}");
            }
        }

        return [.. found.Distinct()];
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
