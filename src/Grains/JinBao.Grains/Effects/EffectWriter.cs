using JinBao.Effects;
using JinBao.Grains.Storage;

using Microsoft.Extensions.Logging;

namespace JinBao.Grains.Effects;

/// <summary>
/// Writes effects decided without a grain state to save beside them (the clearing grains, the exchange receiver's
/// refusals): committed through <see cref="GroupCommit"/> like every grain write, idempotent like every effect, and
/// failing like every grain write (<see cref="StorageFailure"/>).
/// </summary>
public sealed partial class EffectWriter(GroupCommit commits, EffectStatements statements, ILogger<EffectWriter> logger)
{
    /// <summary>Writes every pending effect in one transaction, then empties <paramref name="effects"/>.</summary>
    /// <exception cref="Errors.JinBaoException"><c>storage-unavailable</c>: the write was not confirmed; <paramref name="effects"/> still holds it, to retry.</exception>
    public async Task DeliverAsync(PendingEffects effects, CancellationToken cancellationToken = default)
    {
        if (effects.IsEmpty)
        {
            return;
        }

        cancellationToken.ThrowIfCancellationRequested();
        var batch = statements.For(effects);
        try
        {
            await commits.CommitAsync(batch.Statements);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogWriteFailed(exception, effects.Movements.Count, effects.Events.Count);
            throw StorageFailure.Unconfirmed();
        }

        statements.Committed(batch);
        effects.Clear();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing {Movements} ledger movements and {Events} audit events failed; the caller is told to retry")]
    private partial void LogWriteFailed(Exception exception, int movements, int events);
}
