using JinBao.Effects;
using JinBao.Errors;

namespace JinBao.Grains.Effects;

/// <summary>
/// The one answer to a write the database did not confirm, whoever wrote it (a grain's state with its effects through
/// <see cref="EffectPipeline{TState}"/>, or effects alone through <see cref="EffectWriter"/>): a typed
/// <see cref="ErrorKind.Unavailable"/> error that crosses a grain call and reaches a city system as a 503, never the
/// driver's own exception.
/// </summary>
public static class StorageFailure
{
    /// <summary>The write failed or its answer was lost; every write is idempotent under its ids, so the same request may be retried.</summary>
    public static JinBaoException Unconfirmed() => new(ErrorKind.Unavailable, "storage-unavailable",
        "The database did not confirm the decision: it was not saved, unless the connection broke just after the commit. Retry the same request: it is applied once either way.");

    /// <summary>The saved state could not be read, so nothing was decided or answered from it.</summary>
    public static JinBaoException Unreadable() => new(ErrorKind.Unavailable, "storage-unavailable",
        "The saved state could not be read (the database did not answer), so nothing was decided or answered from it. Retry shortly.");
}
