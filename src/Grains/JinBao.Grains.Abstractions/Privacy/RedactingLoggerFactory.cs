using System.Collections;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JinBao.Privacy;

/// <summary>
/// Every logger of the process writes through here, whoever logs (our code, ASP.NET, the Orleans client) and
/// whatever the provider (console, JSON, telemetry): messages, structured values, scopes and exception texts are
/// passed through <see cref="CitizenIdRedaction"/>, so a citizen id never reaches a log unmasked. Request paths
/// (/api/v1/persons/{citizenId}) and Orleans grain ids (person/{citizenId}) would otherwise carry them. Both the API and
/// the silos install it. Being the one place every entry passes, it also drops entries a host declares false alarms
/// (<see cref="FalseAlarm"/>), so no provider shows them.
/// </summary>
public sealed class RedactingLoggerFactory(ILoggerFactory inner, RedactingLoggerFactory.FalseAlarm? isFalseAlarm = null) : ILoggerFactory
{
    /// <summary>True for a log entry (category, event, structured values) known not to be news.</summary>
    public delegate bool FalseAlarm(string category, EventId eventId, IEnumerable<KeyValuePair<string, object?>> values);

    /// <summary>Replaces the host's logger factory with the standard one wrapped in redaction.</summary>
    public static void Register(IServiceCollection services, FalseAlarm? isFalseAlarm = null) =>
        services.Replace(ServiceDescriptor.Singleton<ILoggerFactory>(provider => new RedactingLoggerFactory(new LoggerFactory(
            provider.GetServices<ILoggerProvider>(),
            provider.GetRequiredService<IOptionsMonitor<LoggerFilterOptions>>(),
            provider.GetService<IOptions<LoggerFactoryOptions>>(),
            provider.GetService<IExternalScopeProvider>()), isFalseAlarm)));

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => new RedactingLogger(inner.CreateLogger(categoryName), categoryName, isFalseAlarm);

    /// <inheritdoc />
    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    /// <inheritdoc />
    public void Dispose() => inner.Dispose();

    private sealed class RedactingLogger(ILogger inner, string category, FalseAlarm? isFalseAlarm) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(new RedactedState(state, formatted: null));

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!inner.IsEnabled(logLevel)
                || (isFalseAlarm is not null && state is IEnumerable<KeyValuePair<string, object?>> values && isFalseAlarm(category, eventId, values)))
            {
                return;
            }

            var message = CitizenIdRedaction.Redact(formatter(state, exception));
            inner.Log(logLevel, eventId, new RedactedState((object?)state ?? message, message), exception is null ? null : new RedactedException(exception),
                static (redacted, _) => redacted.ToString());
        }
    }

    /// <summary>The structured values of a log entry or scope with every string form redacted.</summary>
    private sealed class RedactedState(object state, string? formatted) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        private readonly List<KeyValuePair<string, object?>> _values = state is IEnumerable<KeyValuePair<string, object?>> pairs
            ? pairs.Select(pair => new KeyValuePair<string, object?>(pair.Key, Redacted(pair.Value))).ToList()
            : [];

        public int Count => _values.Count;

        public KeyValuePair<string, object?> this[int index] => _values[index];

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => _values.GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => formatted ?? CitizenIdRedaction.Redact(state.ToString());

        // Numbers, dates and the like keep their type; anything that renders as text is redacted text.
        private static object? Redacted(object? value) => value switch
        {
            null => null,
            string text => CitizenIdRedaction.Redact(text),
            bool or int or long or short or byte or double or float or decimal or uint or ulong or ushort or DateTime or DateTimeOffset or TimeSpan or Guid => value,
            Enum => value,
            _ => CitizenIdRedaction.Redact(value.ToString()),
        };
    }

    /// <summary>An exception as it may be logged: message and full text (type, stack, inner exceptions) redacted.</summary>
    private sealed class RedactedException(Exception original) : Exception(CitizenIdRedaction.Redact(original.Message))
    {
        public override string? StackTrace => null;

        public override string ToString() => CitizenIdRedaction.Redact(original.ToString());
    }
}
