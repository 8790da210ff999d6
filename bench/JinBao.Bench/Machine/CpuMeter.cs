using System.Diagnostics;
using System.Globalization;

namespace JinBao.Bench.Machine;

/// <summary>CPU seconds used by this process (driver + in-process silos), by PostgreSQL, and by the whole machine.</summary>
public sealed record CpuSeconds(double Process, double Postgres, double Machine)
{
    public double Other => Math.Max(0, Machine - Process - Postgres);

    public static CpuSeconds operator -(CpuSeconds after, CpuSeconds before) =>
        new(after.Process - before.Process, after.Postgres - before.Postgres, after.Machine - before.Machine);
}

/// <summary>
/// Reads CPU time from /proc: where a phase's machine time went. The machine is shared with other engineers' builds,
/// so "other" is reported rather than hidden.
/// </summary>
public static class CpuMeter
{
    private static readonly double TicksPerSecond = 100; // USER_HZ on Linux

    public static CpuSeconds Read()
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

    /// <summary>utime + stime of every process named postgres (the benchmark's server is the only one on this machine's loopback).</summary>
    private static double PostgresSeconds()
    {
        long ticks = 0;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out _))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var nameEnd = stat.LastIndexOf(')');
                var name = stat[(stat.IndexOf('(') + 1)..nameEnd];
                if (!string.Equals(name, "postgres", StringComparison.Ordinal))
                {
                    continue;
                }

                // Fields after the name: state is field 3, utime 14, stime 15 (1-based over the whole line).
                var fields = stat[(nameEnd + 2)..].Split(' ');
                ticks += long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException)
            {
                // The process ended while we read it.
            }
        }

        return ticks / TicksPerSecond;
    }
}
