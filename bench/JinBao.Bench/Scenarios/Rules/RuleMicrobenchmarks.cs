using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

using JinBao.Bench.Report;

namespace JinBao.Bench.Scenarios.Rules;

/// <summary>
/// BenchmarkDotNet where it fits: the pure rules and serialization, in this process (no child build, so it stays
/// within the run's time budget), with a short job: few iterations, enough for a mean to compare with milliseconds.
/// </summary>
public sealed class RuleMicrobenchmarks : IScenario
{
    public string Name => "rules";

    public Task RunAsync(BenchContext context)
    {
        var job = (context.Settings.Quick ? Job.Dry : Job.ShortRun).WithToolchain(InProcessEmitToolchain.Instance);
        var config = ManualConfig.CreateEmpty()
            .AddJob(job)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddLogger(NullLogger.Instance)
            .WithArtifactsPath(Path.Combine(Path.GetTempPath(), "jinbao-benchmarkdotnet"));
        var summary = BenchmarkRunner.Run<RuleBenchmarks>(config);
        if (summary.HasCriticalValidationErrors || summary.Reports.Any(r => r.ResultStatistics is null))
        {
            throw new InvalidOperationException("BenchmarkDotNet could not run the rule benchmarks: "
                + string.Join("; ", summary.ValidationErrors.Select(e => e.Message)) + " (run with -c Release).");
        }

        foreach (var report in summary.Reports)
        {
            if (report.BenchmarkCase.Descriptor.WorkloadMethod.Name == nameof(RuleBenchmarks.Settle))
            {
                context.Report.RuleMicroseconds = report.ResultStatistics!.Mean / 1000;
            }

            var allocated = report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase) ?? 0;
            context.Report.Add(new Figure("rules (BenchmarkDotNet)", report.BenchmarkCase.Descriptor.WorkloadMethodDisplayInfo.Trim('\''), "µs",
                report.ResultStatistics!.Mean / 1000, null, LimitComparison.UpsertLatency,
                $"{allocated:N0} bytes allocated per call; {job.Id}, in-process"));
        }

        return Task.CompletedTask;
    }
}
