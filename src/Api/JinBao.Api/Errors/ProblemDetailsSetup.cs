using System.Diagnostics;

namespace JinBao.Api.Errors;

/// <summary>Gives the problems ASP.NET writes by itself (401, 403, 404, 405, 413, 415, 429…) our stable types and a code.</summary>
internal static class ProblemDetailsSetup
{
    private static readonly Dictionary<int, (string Code, string Detail)> ByStatus = new()
    {
        [StatusCodes.Status400BadRequest] = ("malformed-request", "The request could not be read."),
        [StatusCodes.Status401Unauthorized] = ("unauthorized", "Send a bearer token from POST /api/v1/auth/token in the Authorization header."),
        [StatusCodes.Status403Forbidden] = ("forbidden", "Your credential may not do this."),
        [StatusCodes.Status404NotFound] = ("not-found", "Nothing is here; see /openapi/v1.json for the routes."),
        [StatusCodes.Status405MethodNotAllowed] = ("method-not-allowed", "This route does not accept this HTTP method."),
        [StatusCodes.Status413PayloadTooLarge] = ("payload-too-large", "The request body is larger than the API accepts."),
        [StatusCodes.Status415UnsupportedMediaType] = ("unsupported-media-type", "Send the body as application/json."),
        [StatusCodes.Status429TooManyRequests] = ("too-many-requests", "Too many requests from this caller; wait for Retry-After seconds."),
        [StatusCodes.Status500InternalServerError] = ("internal", "An unexpected error; it has been logged."),
        [StatusCodes.Status503ServiceUnavailable] = ("service-unavailable", "The cluster or its database does not answer; retry after Retry-After seconds."),
    };

    public static void Customize(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        var status = problem.Status ?? context.HttpContext.Response.StatusCode;
        if (problem.Type is null || !problem.Type.StartsWith(Problems.TypeBase, StringComparison.Ordinal))
        {
            var (code, detail) = ByStatus.TryGetValue(status, out var known) ? known : ("http-" + status, "See the status code.");
            problem.Type = Problems.TypeOf(code);
            problem.Extensions["code"] = code;
            problem.Detail ??= detail;
        }

        problem.Extensions["traceId"] = Activity.Current?.Id ?? context.HttpContext.TraceIdentifier;
    }
}
