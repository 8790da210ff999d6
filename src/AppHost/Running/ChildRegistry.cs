using System.Globalization;

namespace JinBao.AppHost.Running;

/// <summary>
/// Remembers, in a file in the data folder, every process the AppHost has running, so that the next start can stop
/// processes a killed AppHost (SIGKILL, a crash) left behind before it needs their ports.
/// </summary>
public sealed class ChildRegistry(string file, ConsoleLog log)
{
    private static readonly TimeSpan OrphanGracePeriod = TimeSpan.FromSeconds(15);

    private readonly Lock _gate = new();
    private readonly Dictionary<int, (long StartTime, string Name)> _children = [];

    public void Add(int processId, string name)
    {
        lock (_gate)
        {
            // The start time tells a later sweep whether the id still names this process or has been reused.
            _children[processId] = (ProcessStartTime(processId) ?? 0, name);
            Save();
        }
    }

    public void Remove(int processId)
    {
        lock (_gate)
        {
            if (_children.Remove(processId))
            {
                Save();
            }
        }
    }

    /// <summary>Stops the processes an earlier AppHost recorded and did not stop (SIGTERM, then SIGKILL).</summary>
    public async Task StopOrphansAsync()
    {
        if (!File.Exists(file))
        {
            return;
        }

        var orphans = new List<(int Id, string Name)>();
        foreach (var line in await File.ReadAllLinesAsync(file))
        {
            var parts = line.Split(' ', 3);
            if (parts.Length == 3
                && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var startTime)
                && ProcessStartTime(id) == startTime)
            {
                orphans.Add((id, parts[2]));
            }
        }

        foreach (var (id, name) in orphans)
        {
            log.Info($"Stopping {name} (pid {id}), left running by an earlier AppHost that did not stop cleanly.");
            PosixSignals.Send(id, PosixSignals.SigTerm);
        }

        var deadline = DateTime.UtcNow + OrphanGracePeriod;
        while (orphans.Any(o => Directory.Exists($"/proc/{o.Id}")) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        foreach (var (id, _) in orphans.Where(o => Directory.Exists($"/proc/{o.Id}")))
        {
            PosixSignals.Send(id, PosixSignals.SigKill);
        }

        File.Delete(file);
    }

    // Field 22 of /proc/<pid>/stat, counted after the command name, which may itself contain spaces and parentheses.
    private static long? ProcessStartTime(int processId)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{processId}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return long.Parse(fields[19], NumberStyles.None, CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    private void Save() =>
        File.WriteAllLines(file, _children.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Key} {c.Value.StartTime} {c.Value.Name}")));
}
