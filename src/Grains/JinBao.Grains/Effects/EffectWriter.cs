using JinBao.Storage;

namespace JinBao.Effects;

/// <summary>
/// Writes effects decided without a grain state to save beside them (the clearing grains, the exchange receiver's
/// refusals): committed through <see cref="GroupCommit"/> like every grain write, idempotent like every effect.
/// </summary>
public sealed class EffectWriter(GroupCommit commits, EffectStatements statements)
{
    /// <summary>Writes every pending effect in one transaction, then empties <paramref name="effects"/>.</summary>
    public async Task DeliverAsync(PendingEffects effects, CancellationToken cancellationToken = default)
    {
        if (effects.IsEmpty)
        {
            return;
        }

        cancellationToken.ThrowIfCancellationRequested();
        var batch = statements.For(effects);
        await commits.CommitAsync(batch.Statements);
        statements.Committed(batch);
        effects.Clear();
    }
}
