using System.Globalization;
using System.Runtime.InteropServices;

namespace JinBao.Bench.Machine;

/// <summary>What the figures were measured on, read at the start of the run.</summary>
public static class MachineInfo
{
    public static string Cpu() =>
        File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";

    public static string MemoryGiB()
    {
        var kib = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        return (long.Parse(kib, CultureInfo.InvariantCulture) / 1024.0 / 1024.0).ToString("0.0", CultureInfo.InvariantCulture);
    }

    /// <summary>1, 5 and 15-minute load averages: the other engineers' builds share this machine.</summary>
    public static string LoadAverage() => string.Join(" / ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

    public static string Describe() =>
        $"{Environment.ProcessorCount} cores ({Cpu()}), {MemoryGiB()} GiB, {RuntimeInformation.OSDescription}, .NET {Environment.Version}";
}
