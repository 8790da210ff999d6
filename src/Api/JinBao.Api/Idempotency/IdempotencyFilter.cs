using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

using JinBao.Api.Auth;
using JinBao.Api.Errors;
using JinBao.Api.Validation;

using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace JinBao.Api.Idempotency;

/// <summary>
/// Every POST carries an <c>Idempotency-Key</c>. The first request with a key executes and its response is stored with
/// a hash of the request (method, path, body); the same key and request later gets that response again without
/// executing; the same key with another request is a 422. Refused-as-malformed (400) and failed (5xx) requests store
/// nothing, so the key stays usable.
/// </summary>
internal sealed class IdempotencyFilter(IdempotencyStore store, IOptions<JsonOptions> json) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!HttpMethods.IsPost(http.Request.Method))
        {
            return await next(context);
        }

        var caller = Caller.From(http.User) ?? throw new InvalidOperationException("The access filter runs first.");
        var key = IdempotencyKey.Read(http.Request);
        if (!key.IsValid)
        {
            return key.Value is null
                ? Problems.Create(400, "idempotency-key-missing", "Idempotency-Key required",
                    "Every POST needs an Idempotency-Key header: a unique value per intended change (e.g. a UUID), reused only to retry that same request.")
                : Problems.Create(400, "idempotency-key-invalid", "Idempotency-Key invalid",
                    $"An Idempotency-Key is 1–{IdempotencyKey.MaxLength} visible ASCII characters, sent once.");
        }

        var route = (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "?";
        var hash = Fingerprint(http.Request.Method, http.Request.Path, context.Arguments);
        var (outcome, stored) = await store.ClaimAsync(caller.Subject, key.Text, hash, http.Request.Method, route, http.RequestAborted);
        switch (outcome)
        {
            case ClaimOutcome.Replay:
                return new StoredResponseResult(stored!, replayed: true);
            case ClaimOutcome.Mismatch:
                return Problems.Create(422, "idempotency-key-reused", "Idempotency-Key reused",
                    "This Idempotency-Key was already used for a different request (another body or route); use a new key for a new change.");
            case ClaimOutcome.InProgress:
                http.Response.Headers.RetryAfter = "1";
                return Problems.Create(409, "idempotency-request-in-progress", "Request in progress",
                    "A request with this Idempotency-Key is still being executed; retry after a second to get its result.");
        }

        object? result;
        try
        {
            result = await next(context);
        }
        catch
        {
            await store.ReleaseAsync(caller.Subject, key.Text);
            throw;
        }

        var response = await StoredResponse.CaptureAsync(http, result);
        if (IsFinal(response.StatusCode))
        {
            await store.CompleteAsync(caller.Subject, key.Text, response, CancellationToken.None);
        }
        else
        {
            await store.ReleaseAsync(caller.Subject, key.Text);
        }

        return new StoredResponseResult(response, replayed: false);
    }

    /// <summary>Outcomes that are the answer to this request for good; anything else may be retried with the same key.</summary>
    private static bool IsFinal(int status) => status is (>= 200 and < 300) or 403 or 404 or 409 or 422;

    /// <summary>"Same request" means same method, path and body as bound (so whitespace or property order do not matter).</summary>
    private string Fingerprint(string method, PathString path, IList<object?> arguments)
    {
        var text = new StringBuilder().Append(method).Append('\n').Append(path.Value).Append('\n');
        foreach (var argument in arguments)
        {
            if (argument is IApiRequest body)
            {
                text.Append(JsonSerializer.Serialize(body, body.GetType(), json.Value.SerializerOptions)).Append('\n');
            }
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
