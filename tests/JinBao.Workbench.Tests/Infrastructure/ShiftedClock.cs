namespace JinBao.Workbench.Tests.Infrastructure;

/// <summary>
/// The real clock moved by an offset the test sets: a province that worked "weeks ago" leaves cases whose statutory
/// deadline has passed by the real date, which is how an overdue case reaches a queue without waiting 15 working days.
/// </summary>
public sealed class ShiftedClock : TimeProvider
{
    private long _offsetTicks;

    public TimeSpan Offset
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));
        set => Interlocked.Exchange(ref _offsetTicks, value.Ticks);
    }

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;
}
