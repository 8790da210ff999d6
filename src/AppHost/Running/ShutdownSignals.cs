using System.Runtime.InteropServices;

namespace JinBao.AppHost.Running;

/// <summary>
/// Ctrl+C (SIGINT), SIGTERM and SIGHUP start an orderly stop instead of ending the process; a second signal makes
/// the stop immediate (processes killed, PostgreSQL stopped without waiting).
/// </summary>
public sealed class ShutdownSignals : IDisposable
{
    private readonly ConsoleLog _log;
    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationTokenSource _force = new();
    private readonly PosixSignalRegistration[] _registrations;

    public ShutdownSignals(ConsoleLog log)
    {
        _log = log;
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal),
            PosixSignalRegistration.Create(PosixSignal.SIGHUP, OnSignal),
        ];

        if (IsSigIntIgnored())
        {
            log.Info($"This AppHost was started with SIGINT ignored (in the background by a shell), so Ctrl+C cannot reach it: stop it with `kill {Environment.ProcessId}` (SIGTERM).");
        }
    }

    /// <summary>Cancelled by the first signal: stop everything in order.</summary>
    public CancellationToken Stopping => _stopping.Token;

    /// <summary>Cancelled by the second signal: stop now.</summary>
    public CancellationToken Force => _force.Token;

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _stopping.Dispose();
        _force.Dispose();
    }

    // A shell without job control starts background commands with SIGINT ignored, and .NET keeps it ignored.
    private static bool IsSigIntIgnored()
    {
        try
        {
            var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
            return line is not null
                && ulong.TryParse(line["SigIgn:".Length..].Trim(), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture, out var ignored)
                && (ignored & (1UL << (PosixSignals.SigInt - 1))) != 0;
        }
        catch (IOException)
        {
            return false;
        }
    }

    private void OnSignal(PosixSignalContext context)
    {
        // Keep the process alive: the AppHost exits by itself once everything it started has stopped.
        context.Cancel = true;

        // CancelAsync: the signal handler must not run the whole stop sequence inline.
        if (!_stopping.IsCancellationRequested)
        {
            _log.Info($"{context.Signal} received: stopping APIs, then silos, then PostgreSQL. Press Ctrl+C again to stop at once.");
            _ = _stopping.CancelAsync();
        }
        else if (!_force.IsCancellationRequested)
        {
            _log.Info($"{context.Signal} received again: stopping at once.");
            _ = _force.CancelAsync();
        }
    }
}
