using JinBao.Effects;
using JinBao.Errors;

using Microsoft.Extensions.Logging;

namespace JinBao.Grains.Effects;

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
/// <item>when that reload fails too, memory may hold a decision storage does not (or storage one memory does not:
/// a commit whose answer was lost), so the state is unknown until a reload succeeds. Nothing is answered or decided
/// from it meanwhile: every call first reloads (<see cref="EnsureStateKnownAsync"/>, called by the grain's call
/// filter), and a timer keeps reloading until storage answers, so work a saved step started resumes then, with no
/// call needed (<c>reloaded</c>).</item>
/// </list>
/// The activation is kept rather than dropped: a dropped activation took its timers with it, and a step whose write
/// had in fact committed waited for the next call or the hourly reminder (docs/reliability.md).
/// </summary>
/// <param name="reloaded">
/// Called after every successful reload: the state may hold a step whose work is still to do (a commit whose answer was
/// lost), which the grain resumes now.
/// </param>
public sealed partial class EffectPipeline<TState>(
    IGrainBase grain,
    IPersistentState<TState> state,
    ILogger logger,
    Action? reloaded = null)
    where TState : IHoldEffects
{
    /// <summary>How often an activation whose state is unknown tries to read it again.</summary>
    public static readonly TimeSpan ReloadRetryDelay = TimeSpan.FromSeconds(2);

    private bool _stateUnknown;
    private IGrainTimer? _reloadTimer;

    private PendingEffects Pending => state.State.Pending;

    /// <summary>Whether memory holds what storage holds, as far as this activation can tell.</summary>
    public bool IsStateKnown => !_stateUnknown;

    /// <summary>
    /// Applies <paramref name="change"/> and saves it with its effects. By default a change that queued no effect (a
    /// repeated command) is not saved; <paramref name="saveWhen"/> decides otherwise.
    /// </summary>
    /// <exception cref="JinBaoException">The rules refused the change, or storage did (<c>storage-unavailable</c>); nothing changed.</exception>
    public async Task<T> ChangeAsync<T>(Func<T> change, Func<bool>? saveWhen = null)
    {
        await EnsureStateKnownAsync(); // never decide on a state storage may not hold
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
        if (_stateUnknown)
        {
            // Only a caller that changed memory without ChangeAsync gets here; reloading would silently drop its change.
            throw StorageFailure.Unreadable();
        }

        try
        {
            await state.WriteStateAsync();
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogWriteFailed(exception, grain.GrainContext.GrainId);
            await UndoAsync();
            throw StorageFailure.Unconfirmed();
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

    /// <summary>
    /// Drops an in-memory change by reloading the saved state. When storage cannot say what is saved, the state is
    /// unknown: nothing is answered from it, and it is reloaded before the next call and by a timer until storage answers.
    /// </summary>
    public async Task UndoAsync()
    {
        try
        {
            await state.ReadStateAsync();
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogReloadFailed(exception, grain.GrainContext.GrainId);
            _stateUnknown = true;
            _reloadTimer ??= grain.RegisterGrainTimer(ReloadByTimerAsync,
                new GrainTimerCreationOptions(ReloadRetryDelay, ReloadRetryDelay) { KeepAlive = true }); // the activation stays until it knows
            return;
        }

        reloaded?.Invoke();
    }

    /// <summary>
    /// Makes sure memory holds what storage holds: after a failed write whose reload failed too, reads the state again.
    /// Does nothing otherwise (no read).
    /// </summary>
    /// <exception cref="JinBaoException"><c>storage-unavailable</c>: storage still does not answer; nothing was done.</exception>
    public async Task EnsureStateKnownAsync()
    {
        if (!_stateUnknown)
        {
            return;
        }

        try
        {
            await state.ReadStateAsync();
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogStillUnknown(exception, grain.GrainContext.GrainId);
            throw StorageFailure.Unreadable();
        }

        _stateUnknown = false;
        _reloadTimer?.Dispose();
        _reloadTimer = null;
        LogReloaded(grain.GrainContext.GrainId, state.Etag);
        reloaded?.Invoke();
    }

    /// <summary>
    /// The grain's call filter (<see cref="IIncomingGrainCallFilter"/>): a call runs only on a state memory shares with
    /// storage, reloaded first when a failed write left it unknown; else the caller hears <c>storage-unavailable</c>.
    /// </summary>
    /// <remarks>
    /// Timer ticks pass unchecked: Orleans schedules a timer's next tick only once its callback has run, so a tick refused
    /// here stopped that timer for good — the reload timer itself, and a transfer's resume, which then waited for the
    /// hourly reminder (the fault suite, a province database down for a minute). Each timer callback makes sure of the
    /// state itself.
    /// </remarks>
    public async Task InvokeOnKnownStateAsync(IIncomingGrainCallContext context)
    {
        if (_stateUnknown && context.Request.GetInterfaceName() != TimerTick)
        {
            await EnsureStateKnownAsync();
        }

        await context.Invoke();
    }

    private async Task ReloadByTimerAsync(CancellationToken cancellationToken)
    {
        try
        {
            await EnsureStateKnownAsync();
        }
        catch (JinBaoException exception) when (exception.Kind == ErrorKind.Unavailable)
        {
            // still down: the next tick tries again
        }
    }

    // How Orleans names the invokable of a grain timer's tick (Orleans.Runtime.IGrainTimerInvoker, internal).
    private const string TimerTick = "IGrainTimerInvoker";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Saving {GrainId} failed; the change is undone")]
    private partial void LogWriteFailed(Exception exception, GrainId grainId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Reloading {GrainId} after a failed change failed too; its state is unknown until storage answers, and nothing is answered from it meanwhile")]
    private partial void LogReloadFailed(Exception exception, GrainId grainId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "The state of {GrainId} is still unknown: storage did not answer")]
    private partial void LogStillUnknown(Exception exception, GrainId grainId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reloaded {GrainId} after a failed change: storage holds version {Version}")]
    private partial void LogReloaded(GrainId grainId, string? version);
}
