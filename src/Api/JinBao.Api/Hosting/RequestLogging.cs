using System.Diagnostics;

using JinBao.Api.Auth;

namespace JinBao.Api.Hosting;

/// <summary>One line per request with the route template (never the path: it may hold a citizen id), status, time and caller.</summary>
internal sealed partial class RequestLogging(RequestDelegate next, ILogger<RequestLogging> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            if (!context.Request.Path.StartsWithSegments("/health"))
            {
                LogRequest(logger, context.Request.Method, (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "(no route)",
                    context.Response.StatusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds, Caller.From(context.User)?.Actor ?? "anonymous");
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Method} {Route} answered {StatusCode} in {ElapsedMs:0.0} ms for {Caller}")]
    private static partial void LogRequest(ILogger logger, string method, string route, int statusCode, double elapsedMs, string caller);
}
