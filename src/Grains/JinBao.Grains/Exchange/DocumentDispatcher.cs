using JinBao.Exchange;

namespace JinBao.Grains.Exchange;

/// <summary>
/// A workflow's receiver of queued documents (<c>POST /exchange/v1/documents</c>) of the types it owns: it hands each
/// to the grain that applies it, which dedupes by document id.
/// </summary>
public interface IExchangeDocumentHandler
{
    /// <summary>The queued document types this handler applies (each type has one handler).</summary>
    IReadOnlySet<string> AppliesTo { get; }

    /// <summary>Applies the document; returns the outcome to record on the inbox row.</summary>
    /// <exception cref="Errors.JinBaoException">The document cannot be applied, ever (recorded, not retried); or, of kind <see cref="Errors.ErrorKind.Unavailable"/>, not now (retried).</exception>
    Task<string> ApplyAsync(ExchangeDocument document);
}

/// <summary>Hands an inbox document to the handler its workflow registered for its type; the exchange knows no workflow.</summary>
public sealed class DocumentDispatcher(IEnumerable<IExchangeDocumentHandler> handlers)
{
    private readonly Dictionary<string, IExchangeDocumentHandler> _byType =
        handlers.SelectMany(handler => handler.AppliesTo.Select(type => KeyValuePair.Create(type, handler))).ToDictionary(StringComparer.Ordinal);

    /// <summary>Applies the document; returns the outcome to record on the inbox row.</summary>
    /// <exception cref="Errors.JinBaoException">The document cannot be applied, ever (recorded, not retried); or, of kind <see cref="Errors.ErrorKind.Unavailable"/>, not now (retried).</exception>
    public Task<string> DispatchAsync(ExchangeDocument document) =>
        _byType.TryGetValue(document.Type, out var handler) ? handler.ApplyAsync(document) : Task.FromResult($"ignored: no handler for {document.Type}");
}
