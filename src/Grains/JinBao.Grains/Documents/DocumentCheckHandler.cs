using JinBao.Documents;
using JinBao.Errors;
using JinBao.Exchange;
using JinBao.Grains.Exchange;
using JinBao.Primitives;

namespace JinBao.Grains.Documents;

/// <summary>
/// Answers <see cref="DocumentTypes.DocumentCheckRequest"/>: national routes it to the province of the city that
/// printed the document; that province answers from its register, audits the check for the person, and signs the
/// answer. National passes the answer back only when the printing province signed it for the asker.
/// </summary>
public sealed class DocumentCheckHandler(
    DocumentRegister register,
    JinBaoCluster cluster,
    ExchangeKeyRing keys,
    ExchangeRequestClient requests,
    TimeProvider clock) : IExchangeRequestHandler
{
    private static readonly HashSet<string> CheckerKinds = ["city-system", "clerk", "supervisor"];

    public IReadOnlySet<string> RequestTypes { get; } = new HashSet<string>(StringComparer.Ordinal) { DocumentTypes.DocumentCheckRequest };

    public async Task<(ExchangeReceipt Receipt, ExchangeDocument? Answer)> HandleAsync(ExchangeDocument request)
    {
        try
        {
            var (check, printedIn) = Read(request);
            var answer = cluster.IsNational ? await RouteAsync(request, check, JinBaoCluster.IdOf(printedIn))
                : cluster.IsProvince ? await AnswerAsync(request, check, printedIn)
                : ExchangeAnswer.Refused(new ExchangeReceipt(422, "document-misrouted", $"{cluster} does not answer {request.Type}."));
            return (answer.Receipt, answer.Document);
        }
        catch (JinBaoException exception)
        {
            return (ExchangeReceipt.RefusedBy(exception), null);
        }
    }

    /// <summary>The request's payload; a province vouches only for its own callers (the checker's city is in it).</summary>
    private static (DocumentCheckRequestPayload Check, RegionCode PrintedIn) Read(ExchangeDocument request)
    {
        var check = ExchangeJson.Read<DocumentCheckRequestPayload>(request);
        if (!DocumentRegister.TryIssuingCity(check.DocumentNumber, out var city))
        {
            throw DocumentRegister.NotFound();
        }

        if (check.Checker.City == default || request.Sender != JinBaoCluster.IdOf(check.Checker.City) || !CheckerKinds.Contains(check.Checker.Kind)
            || check.Checker.Actor.Length is 0 or > 200 || check.Checker.Purpose.Length > 200 || check.Code.Length > 64)
        {
            throw new JinBaoException(ErrorKind.InvalidInput, "document-sender-not-allowed",
                $"{request.Sender} asks only for its own cities' callers, with a kind, an actor and a purpose of at most 200 characters.");
        }

        return (check, city);
    }

    /// <summary>National: to the printing province, and back only what that province signed for the asker.</summary>
    private async Task<ExchangeAnswer> RouteAsync(ExchangeDocument request, DocumentCheckRequestPayload check, string printedIn)
    {
        if (printedIn == request.Sender)
        {
            throw new JinBaoException(ErrorKind.InvalidInput, "document-misrouted", $"{request.Sender} checks its own documents in its own register.");
        }

        var answer = await requests.ForwardAsync(request, printedIn, DocumentRegisterGrain.CheckUnavailableCode);
        if (answer.Document is not { } document)
        {
            return answer;
        }

        CheckAnswer(document, printedIn, request.Sender, check.DocumentNumber);
        return answer;
    }

    /// <summary>The printing province: its register decides; the check is audited for the person before it is answered.</summary>
    private async Task<ExchangeAnswer> AnswerAsync(ExchangeDocument request, DocumentCheckRequestPayload check, RegionCode printedIn)
    {
        if (!cluster.Serves(printedIn))
        {
            throw new JinBaoException(ErrorKind.InvalidInput, "document-misrouted", $"{check.DocumentNumber} was not printed in {cluster}.");
        }

        var document = await register.FindAsync(check.DocumentNumber, check.Code);
        await register.AuditCheckFromAsync(request.Sender, check.Checker, document);
        var answer = keys.Sign(ExchangeJson.Create(DocumentId.New(), DocumentTypes.DocumentCheckAnswer, request.Sender,
            document.CitizenId.Value, null, document, clock.GetUtcNow()));
        return new ExchangeAnswer(200, "answered", "", answer);
    }

    /// <summary>An answer is believed only from the printing province, addressed to the asker, about the number asked.</summary>
    /// <exception cref="JinBaoException"><c>exchange-answer-invalid</c>.</exception>
    public static CheckedDocument CheckAnswer(ExchangeDocument answer, string printedIn, string asker, string documentNumber)
    {
        CheckedDocument document;
        try
        {
            document = ExchangeJson.Read<CheckedDocument>(answer);
        }
        catch (JinBaoException)
        {
            throw new JinBaoException(ErrorKind.Unavailable, "exchange-answer-invalid", $"The answer from {answer.Sender} is not a document check.");
        }

        return answer.Sender == printedIn && answer.Receiver == asker && answer.Type == DocumentTypes.DocumentCheckAnswer
            && document.DocumentNumber == documentNumber && JinBaoCluster.IdOf(document.IssuingCity) == printedIn
            && answer.CitizenId == document.CitizenId.Value
            ? document
            : throw new JinBaoException(ErrorKind.Unavailable, "exchange-answer-invalid", $"The answer from {answer.Sender} does not match the request.");
    }
}
