using JinBao.Errors;
using JinBao.Telemetry;

using Microsoft.Extensions.Logging;

namespace JinBao.Effects;

/// <summary>
/// The one way a grain saves a decision together with the effects it implies (ledger movements, audit events, documents,
/// projection rows: <see cref="PendingEffects"/>, part of its state) and delivers them. Every effectful grain uses it,
/// so every grain fails the same way:
/// <list type="bullet">
/// <item>a change the rules refuse is undone by reloading the saved state;</item>
/// <item>a state write that fails is undone the same way and answered with a typed <c>storage-unavailable</c> error
/// (<see cref="ErrorKind.Unavailable"/>: nothing was decided, retry) — never with the database's own exception, which
/// cannot cross a grain call;</item>
/// <item>when that reload fails too, the activation is dropped, so a decision that may not have been saved never
/// survives in memory: the next call loads what storage really holds;</item>
/// <item>effects saved with the state whose delivery fails are retried by a timer that keeps the activation alive
/// until they are delivered, without waiting for the grain to be called or re-activated.</item>
/// </list>
/// </summary>
public sealed partial class EffectPipeline<TState>(
    IGrainBase grain,
    IPersistentState<TState> state,
    Func<TState, PendingEffects> effectsOf,
    EffectWriter writer,
    ILogger logger)
{
    private static readonly TimeSpan RetryDueTime = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan RetryPeriod = TimeSpan.FromSeconds(5);

    private IGrainTimer? _retry;

    private PendingEffects Pending => effectsOf(state.State);

    /// <summary>True while saved effects wait for a retry of their delivery.</summary>
    public bool IsRetrying => _retry is not null;

    /// <summary>
    /// Applies <paramref name="change"/> and saves it with its effects, then delivers them. By default a change that
    /// queued no effect (a repeated command) is not saved; <paramref name="saveWhen"/> decides otherwise.
    /// </summary>
    /// <exception cref="JinBaoException">The rules refused the change, or storage did (<c>storage-unavailable</c>); nothing changed.</exception>
    public async Task<T> ChangeAsync<T>(Func<T> change, Func<bool>? saveWhen = null)
    {
        T result;
        try
        {
            result = change();
        }
        catch
        {
            await UndoAsync();
            throw;
        }

        if (saveWhen?.Invoke() ?? !Pending.IsEmpty)
        {
            await SaveAsync();
        }

        return result;
    }

    /// <inheritdoc cref="ChangeAsync{T}(Func{T}, Func{bool})"/>
    public Task ChangeAsync(Action change, Func<bool>? saveWhen = null) =>
        ChangeAsync(() =>
        {
            change();
            return true;
        }, saveWhen);

    /// <summary>Saves the state as it is in memory (decision and effects in one write), then delivers the effects.</summary>
    /// <exception cref="JinBaoException"><c>storage-unavailable</c>: the write failed; the in-memory change is undone.</exception>
    public async Task SaveAsync()
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogWriteFailed(exception, grain.GrainContext.GrainId);
            await UndoAsync();
            throw new JinBaoException(ErrorKind.Unavailable, "storage-unavailable",
                "The decision could not be saved (the database did not answer); nothing was changed. Retry the same request.");
        }

        await DeliverAsync();
    }

    /// <summary>Delivers effects saved before (after a crash, or a failed delivery); on failure the retry timer takes over.</summary>
    public async Task DeliverAsync(CancellationToken cancellationToken = default)
    {
        if (Pending.IsEmpty)
        {
            return;
        }

        try
        {
            await writer.DeliverAsync(Pending, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The decision is saved and so are its effects: they are delivered later, never lost and never twice.
            LogDeliveryDeferred(exception, grain.GrainContext.GrainId);
            JinBaoTelemetry.EffectsWaiting(grain.GrainContext.GrainId);
            _retry ??= grain.RegisterGrainTimer(RetryAsync, new GrainTimerCreationOptions(RetryDueTime, RetryPeriod) { KeepAlive = true });
        }
    }

    /// <summary>Drops an in-memory change by reloading the saved state; when storage cannot say what is saved, drops the activation.</summary>
    public async Task UndoAsync()
    {
        try
        {
            await state.ReadStateAsync();
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogReloadFailed(exception, grain.GrainContext.GrainId);
            JinBaoTelemetry.EffectsNoLongerWaiting(grain.GrainContext.GrainId); // what is saved waits for the next activation, not this one
            grain.GrainContext.Deactivate(new DeactivationReason(DeactivationReasonCode.ApplicationRequested,
                "The saved state could not be reloaded after a failed change; the next call loads it afresh."));
        }
    }

    // Throws while the database is away: the timer tries again.
    private async Task RetryAsync(CancellationToken cancellationToken)
    {
        await writer.DeliverAsync(Pending, cancellationToken);
        try
        {
            await state.WriteStateAsync(); // the delivered effects leave the saved state too
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Whatever storage holds now (effects delivered or not, a new version or not) is what the next tick works from.
            await state.ReadStateAsync();
            throw;
        }

        _retry?.Dispose();
        _retry = null;
        JinBaoTelemetry.EffectsNoLongerWaiting(grain.GrainContext.GrainId);
        LogDeliveryResumed(grain.GrainContext.GrainId);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Saving {GrainId} failed; the change is undone")]
    private partial void LogWriteFailed(Exception exception, GrainId grainId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Reloading {GrainId} after a failed change failed too; the activation is dropped")]
    private partial void LogReloadFailed(Exception exception, GrainId grainId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivering the saved effects of {GrainId} failed; retrying every few seconds")]
    private partial void LogDeliveryDeferred(Exception exception, GrainId grainId);

    [LoggerMessage(Level = LogLevel.Information, Message = "The saved effects of {GrainId} are delivered")]
    private partial void LogDeliveryResumed(GrainId grainId);
}
