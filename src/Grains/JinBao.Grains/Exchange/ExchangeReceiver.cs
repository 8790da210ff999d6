using System.Text.Json;

using JinBao.Errors;
using JinBao.Exchange;

using Microsoft.Extensions.Logging;

namespace JinBao.Grains.Exchange;

/// <summary>What the exchange endpoint answers: an HTTP status, a stable code and a sentence.</summary>
public sealed record ExchangeReceipt(int Status, string Code, string Detail)
{
    public bool Accepted => Status is >= 200 and < 300;

    /// <summary>A domain refusal as the answering cluster sends it back: the kind decides the status, the code and sentence travel.</summary>
    public static ExchangeReceipt RefusedBy(JinBaoException exception) => new(exception.Kind.HttpStatus(), exception.Code, exception.Message);
}

/// <summary>
/// The receiving end of <c>POST /exchange/v1/documents</c> and <c>POST /exchange/v1/index/claims</c> (mapped by the
/// silo host): checks the signature and the route, stores, and applies. Every refusal is logged and written to the
/// audit trail as <c>document-rejected</c>.
/// </summary>
public sealed partial class ExchangeReceiver(
    ExchangeKeyRing keys,
    ExchangeInbox inbox,
    JinBaoCluster cluster,
    IExchangeAuditTrail audit,
    IEnumerable<IExchangeRequestHandler> requestHandlers,
    TimeProvider clock,
    ILogger<ExchangeReceiver> logger)
{
    // Each request type is answered by the handler its workflow registered; a type without one is not answered here.
    private readonly Dictionary<string, IExchangeRequestHandler> handlers =
        requestHandlers.SelectMany(handler => handler.RequestTypes.Select(type => KeyValuePair.Create(type, handler))).ToDictionary(StringComparer.Ordinal);

    /// <summary>Takes a queued document: 202 once stored (new or a replay; applied unless its grain could not now), 4xx when refused.</summary>
    public async Task<ExchangeReceipt> AcceptAsync(ExchangeDocument document, string? remote, CancellationToken cancellationToken)
    {
        var refusal = Check(document) ?? CheckRoute(document);
        if (refusal is not null)
        {
            await AuditRejectionAsync(document, refusal, remote);
            return refusal;
        }

        // National forwards what is addressed to a province; what is addressed to this cluster is applied as it arrives.
        var isNew = document.Receiver == cluster.Id
            ? await inbox.ReceiveAsync(document, cancellationToken)
            : await inbox.ForwardAsync(document, cancellationToken);
        return new ExchangeReceipt(202, isNew ? "document-stored" : "document-replayed",
            isNew ? $"Document {document.DocumentId} stored." : $"Document {document.DocumentId} was already received; nothing changed.");
    }

    /// <summary>
    /// Checks a document that a synchronous endpoint of another slice answers (the national index's active claims):
    /// form and signature here, then <paramref name="route"/>'s own rules. A refusal is audited like any other.
    /// </summary>
    public async Task<ExchangeReceipt?> RefuseUnlessValidAsync(ExchangeDocument document, string? remote, Func<ExchangeDocument, ExchangeReceipt?> route)
    {
        var refusal = Check(document);
        if (refusal is null)
        {
            try
            {
                refusal = route(document);
            }
            catch (JinBaoException exception)
            {
                refusal = new ExchangeReceipt(400, exception.Code, exception.Message);
            }
        }

        if (refusal is not null)
        {
            await AuditRejectionAsync(document, refusal, remote);
        }

        return refusal;
    }

    /// <summary>
    /// A synchronous request (<see cref="DocumentTypes.Requests"/>), addressed to national, which answers it or routes it
    /// to the person's province: the answer is a document signed by whoever decided, or a refusal.
    /// </summary>
    public async Task<(ExchangeReceipt Receipt, ExchangeDocument? Answer)> RequestAsync(ExchangeDocument document, string? remote)
    {
        var refusal = Check(document);
        if (refusal is null && (!handlers.ContainsKey(document.Type) || document.Receiver != JinBaoCluster.NationalId))
        {
            refusal = new ExchangeReceipt(422, "document-misrouted", "Only requests addressed to national are answered here; queued documents go to /exchange/v1/documents.");
        }

        if (refusal is not null)
        {
            await AuditRejectionAsync(document, refusal, remote);
            return (refusal, null);
        }

        return await handlers[document.Type].HandleAsync(document);
    }

    /// <summary>
    /// A request whose body never arrived whole (the sender closed the connection first, typically on its own timeout):
    /// logged, not audited as a rejected document, since nothing was sent that could be forged or tampered with. The
    /// sender, if it is still there, sends the whole document again.
    /// </summary>
    public ExchangeReceipt SenderWentAway(string reason, string? remote)
    {
        LogIncompleteBody(remote ?? "unknown", reason);
        return new ExchangeReceipt(400, "document-incomplete", $"The request ended before its body was complete: {reason}");
    }

    /// <summary>A body that is not a document at all: refused and audited like a forged one.</summary>
    public async Task<ExchangeReceipt> RejectMalformedAsync(string reason, string? remote)
    {
        var receipt = new ExchangeReceipt(400, "document-malformed", $"The body is not an exchange document: {reason}");
        await AuditRejectionAsync(null, receipt, remote);
        return receipt;
    }

    private ExchangeReceipt? Check(ExchangeDocument document)
    {
        if (cluster.IsStandalone)
        {
            return new ExchangeReceipt(503, "exchange-off", "This cluster takes no part in the exchange (no JinBao:Exchange key configured).");
        }

        if (!document.DocumentId.IsWellFormed || !JinBaoCluster.TryParse(document.Sender, out _)
            || !JinBaoCluster.TryParse(document.Receiver, out _)
            || document.CitizenId.Length != (DocumentTypes.WithoutPerson.Contains(document.Type) ? 0 : 18)
            || (document.Type != DocumentTypes.ActiveClaim && !DocumentTypes.Queued.Contains(document.Type) && !DocumentTypes.Requests.Contains(document.Type)))
        {
            return new ExchangeReceipt(400, "document-malformed", "The document id, sender, receiver, citizen id or type is not valid.");
        }

        return keys.Verify(document) switch
        {
            SignatureCheck.Valid => null,
            SignatureCheck.UnknownSender => new ExchangeReceipt(403, "document-sender-unknown", $"No public key is configured for {document.Sender}."),
            _ => new ExchangeReceipt(403, "document-signature-invalid", $"The signature does not match the content: the document was forged or altered after {document.Sender} signed it."),
        };
    }

    private ExchangeReceipt? CheckRoute(ExchangeDocument document)
    {
        if (document.Type == DocumentTypes.ActiveClaim || DocumentTypes.Requests.Contains(document.Type))
        {
            return new ExchangeReceipt(422, "document-misrouted", "Active claims go to /exchange/v1/index/claims, requests to /exchange/v1/requests.");
        }

        if (cluster.IsNational ? document.Sender == cluster.Id : document.Receiver != cluster.Id)
        {
            return new ExchangeReceipt(422, "document-misrouted", $"Document for {document.Receiver} sent to {cluster.Id}.");
        }

        return null;
    }

    private async Task AuditRejectionAsync(ExchangeDocument? document, ExchangeReceipt refusal, string? remote)
    {
        LogRejected(document?.DocumentId.Value ?? "(none)", document?.Type ?? "(none)", document?.Sender ?? "(unknown)", refusal.Code, remote ?? "?");
        var documentId = document?.DocumentId.Value is { Length: > 0 and <= 100 } id && !id.Any(char.IsControl) ? id : "unknown";
        var stream = $"exchange:{documentId}";
        await audit.RecordAsync($"{stream}:rejected:{Guid.NewGuid():N}", stream, "document-rejected", $"remote:{remote ?? "?"}",
            JsonSerializer.Serialize(new
            {
                documentId = Printable(document?.DocumentId.Value),
                type = Printable(document?.Type),
                claimedSender = Printable(document?.Sender),
                receiver = Printable(document?.Receiver),
                citizen = Primitives.CitizenId.Mask(document?.CitizenId),
                code = refusal.Code,
                reason = refusal.Detail,
            }), clock.GetUtcNow());
    }

    /// <summary>
    /// A claimed value as the audit can hold it: PostgreSQL refuses a NUL in jsonb, so a document with one in its id or type
    /// used to fail its own rejection with a 500; control characters become U+FFFD, and a value of a megabyte its start.
    /// </summary>
    private static string? Printable(string? claimed) =>
        claimed is null ? null : new string(claimed.Take(200).Select(c => char.IsControl(c) ? '\uFFFD' : c).ToArray());

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected document {DocumentId} ({Type}) claiming to be from {Sender}: {Code} (from {Remote})")]
    private partial void LogRejected(string documentId, string type, string sender, string code, string remote);

    [LoggerMessage(Level = LogLevel.Information, Message = "A request from {Remote} ended before its body was complete ({Reason}); nothing was read")]
    private partial void LogIncompleteBody(string remote, string reason);
}
