using System.Diagnostics;
using System.Globalization;

namespace JinBao.Bench.Machine;

/// <summary>CPU seconds used by this process (driver + in-process silos), by the benchmark's PostgreSQL server, and by the whole machine.</summary>
public sealed record CpuSeconds(double Process, double Postgres, double Machine)
{
    public double Other => Math.Max(0, Machine - Process - Postgres);

    public static CpuSeconds operator -(CpuSeconds after, CpuSeconds before) =>
        new(after.Process - before.Process, after.Postgres - before.Postgres, after.Machine - before.Machine);
}

/// <summary>
/// Reads CPU time from /proc: where a phase's machine time went. The machine is shared with other engineers' builds
/// (and their tests' own PostgreSQL servers), so only this run's server is counted as PostgreSQL, and "other" is
/// reported rather than hidden.
/// </summary>
public sealed class CpuMeter(int postmaster)
{
    private const double TicksPerSecond = 100; // USER_HZ on Linux

    /// <summary>Finds the server's postmaster: the parent of a backend serving this connection.</summary>
    public static async Task<CpuMeter> ForServerAsync(string connectionString)
    {
        var backend = (int)await BenchSql.DoubleAsync(connectionString, "SELECT pg_backend_pid()");
        var parent = File.ReadLines($"/proc/{backend}/status").First(l => l.StartsWith("PPid:", StringComparison.Ordinal))[5..].Trim();
        return new CpuMeter(int.Parse(parent, CultureInfo.InvariantCulture));
    }

    public CpuSeconds Read()
    {
        using var self = Process.GetCurrentProcess();
        return new CpuSeconds(self.TotalProcessorTime.TotalSeconds, PostgresSeconds(), MachineSeconds());
    }

    /// <summary>Busy time of all cores (user + nice + system + irq + softirq + steal), from the first line of /proc/stat.</summary>
    private static double MachineSeconds()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var busy = new[] { 1, 2, 3, 6, 7, 8 }.Sum(i => long.Parse(fields[i], CultureInfo.InvariantCulture));
        return busy / TicksPerSecond;
    }

    /// <summary>
    /// The postmaster's own and its reaped children's time (backends that closed count there once they exit), plus
    /// every live child's time.
    /// </summary>
    private double PostgresSeconds()
    {
        var (_, own) = Stat(postmaster);
        long ticks = own;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), out var pid) && pid != postmaster && Stat(pid) is (var parent, var used) && parent == postmaster)
            {
                ticks += used;
            }
        }

        return ticks / TicksPerSecond;
    }

    /// <summary>Parent pid, and utime + stime (+ cutime + cstime for the postmaster) of a process; (0, 0) when it is gone.</summary>
    private (int Parent, long Ticks) Stat(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");

            // After "pid (name) ": state, ppid, …; utime, stime, cutime, cstime are the 12th–15th fields from there.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = Long(fields[11]) + Long(fields[12]);
            if (pid == postmaster)
            {
                ticks += Long(fields[13]) + Long(fields[14]);
            }

            return (int.Parse(fields[1], CultureInfo.InvariantCulture), ticks);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException)
        {
            return (0, 0); // the process ended while we read it
        }
    }

    private static long Long(string text) => long.Parse(text, CultureInfo.InvariantCulture);
}
