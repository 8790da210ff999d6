using JinBao.FaultTests.Faults;

using Xunit.Abstractions;

namespace JinBao.FaultTests;

/// <summary>
/// The fault suite (docs/reliability.md). The bounded run is a regular test: every fault kind once, briefly, with the
/// books checked. The long run writes RELIABILITY.md and runs only when asked (<c>bench/faults</c>).
/// </summary>
public sealed class FaultSuiteTests(ITestOutputHelper output)
{
    [Fact]
    public async Task BoundedRun_EveryFaultKind_NothingLostOrTwiceAndEveryChangeAnswered()
    {
        var report = await new FaultRun(FaultRunSettings.Bounded, Log).RunAsync(Fault.All, seed: 17);
        Log("\n" + report.Table());
        var failures = report.Failures();
        Assert.True(failures.Count == 0, $"The fault run failed (process logs in {report.Folder}/logs):\n{string.Join('\n', failures)}");
    }

    [LongRunFact]
    public async Task LongRun_WritesReliabilityMarkdown()
    {
        var report = await new FaultRun(FaultRunSettings.Long, Log).RunAsync(Fault.All, seed: Environment.TickCount);
        var target = Environment.GetEnvironmentVariable(LongRunFactAttribute.OutputVariable)!;
        await File.WriteAllTextAsync(target, report.Markdown("bench/faults", Machine()));
        Log("\n" + report.Table());
        Assert.True(report.Failures().Count == 0, string.Join('\n', report.Failures()));
    }

    private void Log(string line)
    {
        var stamped = $"{DateTime.UtcNow:HH:mm:ss.fff} {line}";
        output.WriteLine(stamped);
        if (Environment.GetEnvironmentVariable("JINBAO_FAULT_LOG") == "1")
        {
            Console.Error.WriteLine(stamped);
        }
    }

    private static string Machine()
    {
        var cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";
        var memory = File.ReadLines("/proc/meminfo").First().Split(':', 2)[1].Trim();
        return $"{Environment.ProcessorCount} cores ({cpu}), {memory} memory, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}";
    }
}

/// <summary>The long run: only when <c>JINBAO_FAULT_REPORT</c> names the file to write (bench/faults sets it).</summary>
public sealed class LongRunFactAttribute : FactAttribute
{
    public const string OutputVariable = "JINBAO_FAULT_REPORT";

    public LongRunFactAttribute()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(OutputVariable)))
        {
            Skip = $"The long fault run writes RELIABILITY.md; run bench/faults (it sets {OutputVariable}).";
        }
    }
}
