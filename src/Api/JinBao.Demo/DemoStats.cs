using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace JinBao.Demo;

/// <summary>The demo's counters, updated from many requests at once and printed every few seconds.</summary>
public sealed class DemoStats
{
    private readonly ConcurrentDictionary<string, int> _errors = new(StringComparer.Ordinal);
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _enrolled;
    private int _contributions;
    private int _requests;
    private int _crossCityApplied;
    private int _crossCityCompleted;
    private int _crossProvinceApplied;
    private int _crossProvinceCompleted;
    private int _settlements;

    public void Request() => Interlocked.Increment(ref _requests);

    public void Enrolled() => Interlocked.Increment(ref _enrolled);

    public void Contributed() => Interlocked.Increment(ref _contributions);

    public void Applied(TransferKind kind) => Interlocked.Increment(ref kind == TransferKind.CrossCity ? ref _crossCityApplied : ref _crossProvinceApplied);

    /// <summary>Counts a completed transfer; true for the first of its kind.</summary>
    public bool Completed(TransferKind kind) =>
        Interlocked.Increment(ref kind == TransferKind.CrossCity ? ref _crossCityCompleted : ref _crossProvinceCompleted) == 1;

    /// <summary>Counts a cross-province medical settlement; true for the first.</summary>
    public bool Settled() => Interlocked.Increment(ref _settlements) == 1;

    public void Error(string type) => _errors.AddOrUpdate(type, 1, (_, count) => checked(count + 1));

    public string Line()
    {
        var seconds = Math.Max(_clock.Elapsed.TotalSeconds, 0.001);
        var errors = _errors.IsEmpty ? "none" : string.Join(", ", _errors.OrderByDescending(e => e.Value).Select(e => $"{e.Key} {e.Value}"));
        return string.Create(CultureInfo.InvariantCulture,
            $"persons {Volatile.Read(ref _enrolled)} · contributions {Volatile.Read(ref _contributions)} · cross-city transfers {Volatile.Read(ref _crossCityApplied)} applied / {Volatile.Read(ref _crossCityCompleted)} completed · cross-province {Volatile.Read(ref _crossProvinceApplied)} applied / {Volatile.Read(ref _crossProvinceCompleted)} completed · medical settlements {Volatile.Read(ref _settlements)} · {Volatile.Read(ref _requests) / seconds:0} req/s · errors: {errors}");
    }
}

public enum TransferKind
{
    CrossCity,
    CrossProvince,
}
