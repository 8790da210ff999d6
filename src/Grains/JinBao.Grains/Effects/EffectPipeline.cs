using JinBao.Errors;

using Microsoft.Extensions.Logging;

namespace JinBao.Effects;

/// <summary>
/// The one way a grain saves a decision together with the effects it implies (ledger movements, audit events, documents,
/// projection rows: <see cref="PendingEffects"/>, part of its state). JinBao's grain storage
/// (<see cref="JinBaoGrainStorage"/>) writes them in the state write's own transaction, so a decision and its
/// effects are durable together or not at all. Every effectful grain uses this pipeline, so every grain fails the
/// same way:
/// <list type="bullet">
/// <item>a change the rules refuse is undone by reloading the saved state;</item>
/// <item>a write that fails is undone the same way and answered with a typed <c>storage-unavailable</c> error
/// (<see cref="ErrorKind.Unavailable"/>: nothing was decided, retry) — never with the database's own exception, which
/// cannot cross a grain call;</item>
/// <item>when that reload fails too, the activation is dropped, so a decision that may not have been saved never
/// survives in memory: the next call loads what storage really holds.</item>
/// </list>
/// </summary>
public sealed partial class EffectPipeline<TState>(
    IGrainBase grain,
    IPersistentState<TState> state,
    ILogger logger)
    where TState : IHoldEffects
{
    private PendingEffects Pending => state.State.Pending;

    /// <summary>
    /// Applies <paramref name="change"/> and saves it with its effects. By default a change that queued no effect (a
    /// repeated command) is not saved; <paramref name="saveWhen"/> decides otherwise.
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

    /// <summary>Saves the state as it is in memory, its effects in the same transaction.</summary>
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

        if (!Pending.IsEmpty)
        {
            throw new InvalidOperationException(
                $"The grain storage of {grain.GrainContext.GrainId.Type} saved the state but not its effects: configure JinBao's grain storage ({JinBaoStorage.ProviderName}).");
        }
    }

    /// <summary>
    /// On activation: effects stored with the state by a JinBao version that delivered them after the write (before
    /// the storage wrote them in one transaction) are written now, with the state that then holds none.
    /// </summary>
    public Task DeliverSavedAsync() => Pending.IsEmpty ? Task.CompletedTask : SaveAsync();

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
            grain.GrainContext.Deactivate(new DeactivationReason(DeactivationReasonCode.ApplicationRequested,
                "The saved state could not be reloaded after a failed change; the next call loads it afresh."));
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Saving {GrainId} failed; the change is undone")]
    private partial void LogWriteFailed(Exception exception, GrainId grainId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Reloading {GrainId} after a failed change failed too; the activation is dropped")]
    private partial void LogReloadFailed(Exception exception, GrainId grainId);
}
