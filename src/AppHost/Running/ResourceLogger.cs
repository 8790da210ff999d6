using Microsoft.Extensions.Logging;

namespace JinBao.AppHost.Running;

/// <summary>Lets code that logs through <see cref="ILogger"/> (the database migrator) write under a resource's name.</summary>
public sealed class ResourceLogger(ConsoleLog log, string resource) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (IsEnabled(logLevel))
        {
            log.Write(resource, formatter(state, exception), error: logLevel >= LogLevel.Warning);
        }
    }
}
