using JinBao.Bench.Machine;

namespace JinBao.Bench.Load;

/// <summary>A closed-loop phase with its cost: durable writes and CPU per operation, and PostgreSQL's profile.</summary>
public sealed record PhaseMeasurement(
    LoadResult Load,
    WriteCounters WritesPerOperation,
    CpuSeconds CpuPerOperation,
    double WallSeconds,
    IReadOnlyList<(string Wait, double Share)> Waits,
    IReadOnlyList<(string Query, double Calls, double TotalMs, double MeanMs)> Statements)
{
    /// <summary>Runs <paramref name="phase"/> with counters read around it and a PostgreSQL profile taken during it.</summary>
    public static async Task<PhaseMeasurement> MeasureAsync(
        string serverConnectionString,
        IReadOnlyList<(string ConnectionString, string StateTable)> databases,
        Func<Task<LoadResult>> phase)
    {
        var writesBefore = await WriteCounters.ReadAsync(databases);
        var meter = await CpuMeter.ForServerAsync(serverConnectionString);
        var cpuBefore = meter.Read();
        var profile = await PostgresProfile.StartAsync(serverConnectionString);
        var load = await phase();
        var cpu = meter.Read() - cpuBefore;
        var (waits, statements) = await profile.StopAsync();
        await profile.DisposeAsync();
        var writes = await WriteCounters.ReadAsync(databases) - writesBefore;
        var n = Math.Max(1, load.Completed);
        return new PhaseMeasurement(load, writes.Per(n), new CpuSeconds(cpu.Process / n, cpu.Postgres / n, cpu.Machine / n), load.Duration.TotalSeconds, waits, statements);
    }
}
