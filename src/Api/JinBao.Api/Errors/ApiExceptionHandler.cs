using System.Data.Common;
using System.Text.Json;

using JinBao.Privacy;
using JinBao.Errors;

using Microsoft.AspNetCore.Diagnostics;

namespace JinBao.Api.Errors;

/// <summary>
/// Turns whatever escapes an endpoint into problem details: domain errors by kind, unreadable requests as 400/413/415,
/// an unreachable cluster or database as 503 with Retry-After. Only a defect of ours is a 500.
/// </summary>
internal sealed partial class ApiExceptionHandler(ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException && httpContext.RequestAborted.IsCancellationRequested)
        {
            return true; // the caller went away; nobody reads an answer
        }

        IResult result = exception switch
        {
            JinBaoException domain => Problems.From(domain),
            BadHttpRequestException bad => FromBadRequest(httpContext, bad),
            _ when IsUnavailable(exception) => Unavailable(httpContext, exception),
            _ => Internal(exception),
        };
        await result.ExecuteAsync(httpContext); // problem results write through the registered IProblemDetailsService
        return true;
    }

    /// <summary>Infrastructure that a retry can get past: the cluster, the database, a timeout.</summary>
    public static bool IsUnavailable(Exception exception) =>
        exception is TimeoutException or DbException or Orleans.Runtime.OrleansException or Orleans.Runtime.SiloUnavailableException
            or OperationCanceledException
        || (exception is InvalidOperationException && exception.Source?.StartsWith("Orleans", StringComparison.Ordinal) == true);

    private static IResult FromBadRequest(HttpContext httpContext, BadHttpRequestException exception)
    {
        if (FindJsonError(exception) is { } json)
        {
            // The field is the JSON path; the message never echoes the value or a .NET type name.
            var field = json.Path is null or "$" ? "$" : json.Path.TrimStart('$', '.');
            if (field != "$" && JsonBodyFields.IsUnknown(httpContext, json.Path!))
            {
                return Problems.Validation(field,
                    $"unknown-field: {(field.Length > 100 ? field[..100] + "…" : field)} is not a field of this request (see its schema in /openapi/v1.json); unknown fields are refused rather than ignored, so a misspelt one cannot pass unnoticed.");
            }

            return Problems.Validation(field, field == "$"
                ? "The body is not a valid JSON document for this request."
                : "The value has the wrong type or format for this field.");
        }

        return exception.StatusCode switch
        {
            StatusCodes.Status413PayloadTooLarge => Problems.Create(413, "payload-too-large", "The request is too large",
                "The request body is larger than the API accepts; every request is a small JSON document."),
            StatusCodes.Status415UnsupportedMediaType => Problems.Create(415, "unsupported-media-type", "Unsupported media type",
                "Send the body as application/json (the token endpoint takes application/x-www-form-urlencoded)."),
            _ => Problems.Create(400, "malformed-request", "The request is invalid",
                "The request could not be read: send the JSON body this route documents, with Content-Type application/json."),
        };
    }

    private static JsonException? FindJsonError(Exception exception) =>
        exception.InnerException switch
        {
            JsonException json => json,
            { InnerException: JsonException inner } => inner,
            _ => null,
        };

    private IResult Unavailable(HttpContext httpContext, Exception exception)
    {
        LogUnavailable(logger, exception.GetType().Name, CitizenIdRedaction.Redact(exception.Message));
        httpContext.Response.Headers.RetryAfter = "5";
        return Problems.Create(503, "service-unavailable", "Temporarily unavailable",
            "The cluster or its database did not answer in time; nothing was changed that a retry with the same Idempotency-Key would repeat. Retry after 5 seconds.");
    }

    private IResult Internal(Exception exception)
    {
        LogUnexpected(logger, exception.GetType().FullName ?? "?", CitizenIdRedaction.Redact(exception.ToString()));
        return Problems.Create(500, "internal", "Unexpected error", "An unexpected error; it has been logged with this response's traceId.");
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Request failed because a dependency is unavailable: {ExceptionType}: {RedactedMessage}")]
    private static partial void LogUnavailable(ILogger logger, string exceptionType, string redactedMessage);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected error {ExceptionType}: {RedactedDetails}")]
    private static partial void LogUnexpected(ILogger logger, string exceptionType, string redactedDetails);
}
