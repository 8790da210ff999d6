using JinBao.Privacy;

using Microsoft.Extensions.Logging;

namespace JinBao.Grains.Hosting;

/// <summary>
/// Warnings the Orleans runtime logs that are not news, dropped from the silo's logs (<see cref="RedactingLoggerFactory"/>).
/// </summary>
public static class SiloFalseAlarms
{
    private const string WatchdogCategory = "Orleans.Runtime.Watchdog";
    private const string ParticipantCheckStalled = "LogWarningParticipantCheckThreadStalled";

    private static readonly DateTime ProcessStarted = System.Diagnostics.Process.GetCurrentProcess().StartTime.ToUniversalTime();

    /// <summary>
    /// Orleans 10.4's watchdog starts its checking thread before it stamps the participant-check time, so the first check
    /// measures from timestamp 0 — the machine's boot — and warns "Participant check thread has not completed for
    /// &lt;uptime&gt; … deadlock". A real stall cannot have lasted longer than this process has run, so only such impossible
    /// figures are dropped; a real one (same category and event) still shows.
    /// </summary>
    public static bool IsFalseAlarm(string category, EventId eventId, IEnumerable<KeyValuePair<string, object?>> values) =>
        category == WatchdogCategory
        && eventId.Name == ParticipantCheckStalled
        && values.Any(pair => pair.Value is TimeSpan stalled && stalled > DateTime.UtcNow - ProcessStarted);
}
