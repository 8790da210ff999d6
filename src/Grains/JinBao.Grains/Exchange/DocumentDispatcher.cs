using JinBao.Exchange;

namespace JinBao.Grains.Exchange;

/// <summary>
/// A workflow's receiver of queued documents (<c>POST /exchange/v1/documents</c>) of the types it owns: it hands each
/// to the grain that applies it, which dedupes by document id.
/// </summary>
public interface IExchangeDocumentHandler
{
    /// <summary>The queued document types this handler applies when they are addressed to this cluster (each type has one handler).</summary>
    IReadOnlySet<string> AppliesTo { get; }

    /// <summary>
    /// The types national forwards to a province that this handler applies as well, at national, after the forward is
    /// stored: what national learns from a document it carries (the funds a certificate moves, the custody an
    /// acknowledgement completes) needs no document of its own. Each type has at most one such handler.
    /// </summary>
    IReadOnlySet<string> AppliesWhenForwarding => Empty;

    /// <summary>Applies the document; returns the outcome to record on the inbox row.</summary>
    /// <exception cref="Errors.JinBaoException">The document cannot be applied, ever (recorded, not retried); or, of kind <see cref="Errors.ErrorKind.Unavailable"/>, not now (retried).</exception>
    Task<string> ApplyAsync(ExchangeDocument document);

    private static readonly IReadOnlySet<string> Empty = new HashSet<string>();
}

/// <summary>Hands an inbox document to the handler its workflow registered for its type; the exchange knows no workflow.</summary>
public sealed class DocumentDispatcher(IEnumerable<IExchangeDocumentHandler> handlers, JinBaoCluster cluster)
{
    private readonly Dictionary<string, IExchangeDocumentHandler> _byType =
        handlers.SelectMany(handler => handler.AppliesTo.Select(type => KeyValuePair.Create(type, handler))).ToDictionary(StringComparer.Ordinal);

    private readonly Dictionary<string, IExchangeDocumentHandler> _forwardedByType =
        handlers.SelectMany(handler => handler.AppliesWhenForwarding.Select(type => KeyValuePair.Create(type, handler))).ToDictionary(StringComparer.Ordinal);

    /// <summary>Whether national, forwarding a document of this type, also applies it (<see cref="IExchangeDocumentHandler.AppliesWhenForwarding"/>).</summary>
    public bool AppliesWhenForwarding(string type) => cluster.IsNational && _forwardedByType.ContainsKey(type);

    /// <summary>Whether <paramref name="document"/> is one national forwards to a province rather than one addressed to this cluster.</summary>
    public bool IsForwarded(ExchangeDocument document) => cluster.IsNational && document.Receiver != cluster.Id;

    /// <summary>
    /// Applies the document, addressed to this cluster or, at national, forwarded by it; returns the outcome to record on
    /// the inbox row.
    /// </summary>
    /// <exception cref="Errors.JinBaoException">The document cannot be applied, ever (recorded, not retried); or, of kind <see cref="Errors.ErrorKind.Unavailable"/>, not now (retried).</exception>
    public Task<string> DispatchAsync(ExchangeDocument document)
    {
        var byType = IsForwarded(document) ? _forwardedByType : _byType;
        return byType.TryGetValue(document.Type, out var handler) ? handler.ApplyAsync(document) : Task.FromResult($"ignored: no handler for {document.Type}");
    }
}
