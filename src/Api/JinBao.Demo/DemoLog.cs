namespace JinBao.Demo;

/// <summary>
/// The demo's progress lines on standard output (standard error for problems), one line each, which the Aspire
/// dashboard shows as the demo resource's console log.
/// </summary>
public sealed class DemoLog
{
    private readonly Lock _gate = new();

    public void Write(string source, string line, bool error)
    {
        lock (_gate)
        {
            (error ? Console.Error : Console.Out).WriteLine($"[{source}] {line}");
        }
    }
}

/// <summary>The demo cannot go on: bad settings, or an admin command that failed.</summary>
public sealed class DemoException(string message) : Exception(message);
