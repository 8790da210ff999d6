using System.Text.Json;

using JinBao.Exchange;
using JinBao.Grains.Exchange;
using JinBao.Grains.Index;
using JinBao.Index;

using Microsoft.AspNetCore.Http.Features;

namespace JinBao.Silo.Exchange;

/// <summary>
/// The exchange's HTTP surface on every silo (docs/national-exchange.md). Plain HTTP: each document carries its
/// sender's signature, which is what is trusted, not the connection.
/// </summary>
public static class ExchangeEndpoints
{
    /// <summary>A transfer information form of 50 years is a few tens of kilobytes; anything near this is not a document.</summary>
    public const long MaxDocumentBytes = 1024 * 1024;

    /// <summary>
    /// Maps <c>POST /exchange/v1/documents</c> (every cluster), <c>POST /exchange/v1/index/claims</c> (answered by national)
    /// and <c>POST /exchange/v1/requests</c> (synchronous requests: national answers or routes them to a province).
    /// </summary>
    public static IEndpointRouteBuilder MapJinBaoExchange(this IEndpointRouteBuilder app)
    {
        var exchange = app.MapGroup("/exchange/v1").WithTags("Exchange");
        exchange.MapPost("/documents", ReceiveDocumentAsync).WithName("ReceiveExchangeDocument");
        exchange.MapPost("/index/claims", ClaimActiveAsync).WithName("ClaimActiveProvince");
        exchange.MapPost("/requests", AnswerRequestAsync).WithName("AnswerExchangeRequest");
        return app;
    }

    private static async Task<IResult> ReceiveDocumentAsync(HttpContext context, ExchangeReceiver receiver)
    {
        var (document, malformed) = await ReadAsync(context, receiver);
        if (document is null)
        {
            return malformed!;
        }

        var receipt = await receiver.AcceptAsync(document, Remote(context), context.RequestAborted);
        return receipt.Accepted
            ? TypedResults.Json(new { documentId = document.DocumentId, code = receipt.Code, detail = receipt.Detail }, statusCode: receipt.Status)
            : Problem(receipt);
    }

    private static async Task<IResult> ClaimActiveAsync(HttpContext context, ExchangeReceiver receiver, ActiveClaimReceiver claims)
    {
        var (document, malformed) = await ReadAsync(context, receiver);
        if (document is null)
        {
            return malformed!;
        }

        var (receipt, result) = await claims.ClaimAsync(document, Remote(context));
        return result is not null ? TypedResults.Json(result, ExchangeJson.Payload) : Problem(receipt);
    }

    private static async Task<IResult> AnswerRequestAsync(HttpContext context, ExchangeReceiver receiver)
    {
        var (document, malformed) = await ReadAsync(context, receiver);
        if (document is null)
        {
            return malformed!;
        }

        var (receipt, answer) = await receiver.RequestAsync(document, Remote(context));
        return answer is not null ? TypedResults.Json(answer, ExchangeJson.Wire) : Problem(receipt);
    }

    private static async Task<(ExchangeDocument? Document, IResult? Malformed)> ReadAsync(HttpContext context, ExchangeReceiver receiver)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxDocumentBytes;
        }

        try
        {
            var document = await context.Request.ReadFromJsonAsync<ExchangeDocument>(ExchangeJson.Wire, context.RequestAborted);
            if (document is not null)
            {
                return (document, null);
            }

            return (null, Problem(await receiver.RejectMalformedAsync("empty body", Remote(context))));
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode != StatusCodes.Status413PayloadTooLarge)
        {
            // The body ended before its declared length (or its chunking broke off): the sender went away mid-request, as a
            // client that timed out does. That is no document at all, forged or otherwise, so it raises no security
            // event; a body that arrived whole and is still no document is refused and audited below.
            return (null, Problem(receiver.SenderWentAway(exception.Message, Remote(context))));
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException or BadHttpRequestException)
        {
            return (null, Problem(await receiver.RejectMalformedAsync(exception.Message, Remote(context))));
        }
    }

    private static IResult Problem(ExchangeReceipt receipt) =>
        TypedResults.Problem(detail: receipt.Detail, statusCode: receipt.Status, title: "Document refused",
            type: $"https://jinbao.dev/problems/{receipt.Code}", extensions: new Dictionary<string, object?> { ["code"] = receipt.Code });

    private static string? Remote(HttpContext context) => context.Connection.RemoteIpAddress?.ToString();
}
