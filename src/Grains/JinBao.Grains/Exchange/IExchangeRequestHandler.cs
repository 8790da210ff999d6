using JinBao.Exchange;

namespace JinBao.Grains.Exchange;

/// <summary>
/// A workflow's answer to synchronous exchange requests (<c>POST /exchange/v1/requests</c>) of the types it owns. The
/// receiver checks signature and route, then hands the request to the handler that names its type: the exchange core
/// knows no workflow.
/// </summary>
public interface IExchangeRequestHandler
{
    /// <summary>The request types this handler answers (each type has one handler).</summary>
    IReadOnlySet<string> RequestTypes { get; }

    /// <summary>The answer, a document signed by whoever decided, or a refusal with its status, code and sentence.</summary>
    Task<(ExchangeReceipt Receipt, ExchangeDocument? Answer)> HandleAsync(ExchangeDocument request);
}
