using System.Globalization;
using System.Threading.RateLimiting;

using JinBao.Api.Auth;
using JinBao.Api.Errors;

using Microsoft.Extensions.Options;

namespace JinBao.Api.Hosting;

internal static class RateLimiting
{
    /// <summary>
    /// Per caller: each credential or clerk account (anonymous requests by address) gets
    /// <see cref="ApiOptions.PermitsPerMinute"/> requests a minute; the token endpoint additionally
    /// <see cref="ApiOptions.TokenPermitsPerMinute"/> per address. Over the limit: 429 with Retry-After.
    /// </summary>
    public static IServiceCollection AddJinBaoRateLimiting(this IServiceCollection services) =>
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
            {
                // Health probes; and the workbench's and portal's pages, whose work is API calls counted against the user's own token
                // (clerks of one agency often share one address; its sign-in page has the token route's limit).
                if (http.Request.Path.StartsWithSegments("/health"))
                {
                    return RateLimitPartition.GetNoLimiter("health");
                }

                if (http.Request.Path.StartsWithSegments("/workbench") || http.Request.Path.StartsWithSegments("/portal"))
                {
                    return RateLimitPartition.GetNoLimiter("pages");
                }

                var caller = Caller.From(http.User)?.Subject ?? "address:" + http.Connection.RemoteIpAddress;
                return PerMinute(caller, Options(http).PermitsPerMinute);
            });
            limiter.AddPolicy(TokenApi.RateLimitPolicy, http =>
                PerMinute("token:" + http.Connection.RemoteIpAddress, Options(http).TokenPermitsPerMinute));
            limiter.OnRejected = async (context, cancellationToken) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(60);
                var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
                context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await Problems.Create(StatusCodes.Status429TooManyRequests, "too-many-requests", "Too many requests",
                    $"This caller sent more requests than its limit allows; retry after {seconds} seconds.").ExecuteAsync(context.HttpContext);
            };
        });

    private static ApiOptions Options(HttpContext http) => http.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value;

    private static RateLimitPartition<string> PerMinute(string partition, int permits) =>
        RateLimitPartition.GetFixedWindowLimiter(partition, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        });
}
