using System.Diagnostics;

using JinBao.Api.Auth;
using JinBao.Api.Idempotency;
using JinBao.Api.Validation;
using JinBao.Primitives;
using JinBao.Transfers;

namespace JinBao.Api.Audit;

/// <summary>Whom a request concerned, filled in by the handler when only it knows (e.g. the person of a transfer).</summary>
public sealed class AuditSubject
{
    public CitizenId? CitizenId { get; set; }

    public TransferId? TransferId { get; set; }
}

public static class AuditSubjectExtensions
{
    /// <summary>The audit subject of this request (created on first use).</summary>
    public static AuditSubject AuditSubject(this HttpContext httpContext)
    {
        if (httpContext.Features.Get<AuditSubject>() is { } subject)
        {
            return subject;
        }

        subject = new AuditSubject();
        httpContext.Features.Set(subject);
        return subject;
    }
}

/// <summary>
/// Writes one <c>jinbao_api_audit</c> row for every authenticated, well-formed request to a person or workflow route:
/// reads, changes, denials, replays. Requests refused as malformed (400) identify nobody reliably and are only logged.
/// When the row cannot be written the request fails (503): a read of personal data is never served unaudited.
/// </summary>
internal sealed class AuditFilter(AuditLog log) : IEndpointFilter
{
    public const string PurposeHeader = "JinBao-Purpose";

    /// <summary>The longest purpose a caller may state (longer is refused by <c>RequestValidationFilter</c>).</summary>
    public const int MaxPurposeLength = 200;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var result = await next(context);
        var caller = Caller.From(http.User);
        var status = StatusOf(result);
        if (caller is null || status is 400 or 413 or 415)
        {
            return result;
        }

        var subject = http.AuditSubject();
        var citizenId = subject.CitizenId?.Value ?? FromRequest(context);
        var transferId = subject.TransferId?.Value
            ?? (TransferId.TryParse(http.Request.RouteValues["transferId"] as string, out var routed) ? routed.Value : null);
        var key = IdempotencyKey.Read(http.Request);
        await log.WriteAsync(new AuditEntry(
            caller,
            Purpose(http),
            citizenId,
            transferId,
            http.Request.Method,
            (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "?",
            status,
            key.IsValid ? key.Text : null,
            result is StoredResponseResult { Replayed: true },
            Activity.Current?.TraceId.ToString() ?? http.TraceIdentifier), CancellationToken.None);
        return result;
    }

    /// <summary>The status a result will send; TypedResults unions wrap the actual result.</summary>
    public static int StatusOf(object? result) => result switch
    {
        INestedHttpResult nested => StatusOf(nested.Result),
        IStatusCodeHttpResult { StatusCode: { } code } => code,
        _ => StatusCodes.Status200OK,
    };

    private static string? FromRequest(EndpointFilterInvocationContext context)
    {
        var text = context.HttpContext.Request.RouteValues["citizenId"] as string
            ?? context.Arguments.OfType<ICitizenRequest>().Select(r => r.CitizenId).FirstOrDefault();
        return CitizenId.TryParse(text, out var id) ? id.Value : null;
    }

    /// <summary>
    /// The purpose a caller stated, trimmed. HTTP header values are ASCII, so a purpose in Chinese arrives
    /// percent-encoded as UTF-8 (<c>%E7%AA%97%E5%8F%A3…</c>, as the workbench sends it) and is decoded here.
    /// </summary>
    public static string StatedPurpose(HttpRequest request) => Uri.UnescapeDataString(request.Headers[PurposeHeader].ToString()).Trim();

    /// <summary>The purpose the caller stated, or <paramref name="fallback"/> when none.</summary>
    public static string PurposeOr(HttpContext http, string fallback) => StatedPurpose(http.Request) is { Length: > 0 } stated ? stated : fallback;

    // The caller's stated purpose of processing (PIPL); the route's name when none is stated.
    private static string Purpose(HttpContext http)
    {
        var stated = StatedPurpose(http.Request);
        if (stated.Length > 0)
        {
            return stated;
        }

        return http.GetEndpoint()?.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName ?? "unspecified";
    }
}
