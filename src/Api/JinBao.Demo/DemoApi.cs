using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace JinBao.Demo;

/// <summary>What an API call answered: the status, the JSON body, and for a ProblemDetails its type's last segment.</summary>
public sealed record ApiAnswer(int Status, JsonElement Body, string? Problem)
{
    public bool Ok => Status is >= 200 and < 300;

    public string? Text(string property) =>
        Body.ValueKind == JsonValueKind.Object && Body.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

/// <summary>
/// How a caller retries: how many attempts, the longest wait between two, and whether a 500, 502 or 504 is retried
/// too (safe with the same Idempotency-Key; the fault suite does, and counts them). <see cref="OnAttempt"/> hears
/// every attempt's status, or null when no answer came (refused connection, timeout).
/// </summary>
public sealed record RetryPolicy(int MaxAttempts, TimeSpan MaxDelay, bool RetryServerErrors)
{
    /// <summary>The demo's: six attempts, at most 5 s apart, server errors answered as they are.</summary>
    public static RetryPolicy Demo { get; } = new(6, TimeSpan.FromSeconds(5), RetryServerErrors: false);

    public Action<int?>? OnAttempt { get; init; }
}

/// <summary>
/// One caller (a city system or a clerk) of one province's REST API, as a real integration would be: an OAuth token
/// fetched once and again on 401, an <c>Idempotency-Key</c> per intended change that is reused for its retries, and
/// retries only for what is worth retrying (429 with Retry-After, 503, a request with the same key still running, a
/// dropped connection).
/// </summary>
public sealed class DemoApi(HttpClient http, string baseUrl, IReadOnlyDictionary<string, string> grant, RetryPolicy? retry = null)
{
    private readonly RetryPolicy _retry = retry ?? RetryPolicy.Demo;
    private readonly SemaphoreSlim _tokenGate = new(1, 1);
    private string? _token;

    public string BaseUrl => baseUrl;

    /// <summary>The current bearer token (fetched if none yet), e.g. to print a curl command.</summary>
    public async Task<string> TokenAsync(CancellationToken cancellationToken) => _token ?? await RefreshTokenAsync(null, cancellationToken);

    public Task<ApiAnswer> PostAsync(string path, object body, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, path, body, Guid.NewGuid().ToString("N"), cancellationToken);

    public Task<ApiAnswer> GetAsync(string path, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, path, null, null, cancellationToken);

    private async Task<ApiAnswer> SendAsync(HttpMethod method, string path, object? body, string? idempotencyKey, CancellationToken cancellationToken)
    {
        var refreshed = false;
        for (var attempt = 1; ; attempt++)
        {
            var token = await TokenAsync(cancellationToken);
            using var request = new HttpRequestMessage(method, baseUrl + path);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            request.Headers.Add("JinBao-Purpose", "demo");
            if (idempotencyKey is not null)
            {
                request.Headers.Add("Idempotency-Key", idempotencyKey);
                request.Content = JsonContent.Create(body);
            }

            TimeSpan? retryAfter;
            try
            {
                using var response = await http.SendAsync(request, cancellationToken);
                if (response.StatusCode == HttpStatusCode.Unauthorized && !refreshed)
                {
                    refreshed = true;
                    await RefreshTokenAsync(token, cancellationToken);
                    continue;
                }

                var answer = await ReadAsync(response, cancellationToken);
                _retry.OnAttempt?.Invoke(answer.Status);
                if (attempt >= _retry.MaxAttempts || !WorthRetrying(answer))
                {
                    return answer;
                }

                retryAfter = response.Headers.RetryAfter?.Delta;
            }
            catch (HttpRequestException) when (attempt < _retry.MaxAttempts)
            {
                _retry.OnAttempt?.Invoke(null);
                retryAfter = null;
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested && attempt < _retry.MaxAttempts)
            {
                _retry.OnAttempt?.Invoke(null);
                retryAfter = null; // the client's timeout, not Ctrl+C
            }

            var backoff = TimeSpan.FromMilliseconds(200 * (1 << Math.Min(attempt, 10)));
            await Task.Delay(retryAfter is { } wait && wait < _retry.MaxDelay ? wait : (backoff < _retry.MaxDelay ? backoff : _retry.MaxDelay), cancellationToken);
        }
    }

    private bool WorthRetrying(ApiAnswer answer) =>
        answer.Status is 429 or 503
        || (answer.Status == 409 && answer.Problem == "idempotency-request-in-progress")
        || (_retry.RetryServerErrors && answer.Status is 500 or 502 or 504);

    private static async Task<ApiAnswer> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        var body = default(JsonElement);
        if (text.Length > 0)
        {
            try
            {
                body = JsonDocument.Parse(text).RootElement.Clone();
            }
            catch (JsonException)
            {
                // Not JSON (an empty 404 of an unknown route): the status says enough.
            }
        }

        var answer = new ApiAnswer((int)response.StatusCode, body, null);
        if (answer.Ok)
        {
            return answer;
        }

        var type = answer.Text("type");
        var problem = type is null ? $"http-{answer.Status}" : type[(type.LastIndexOf('/') + 1)..];
        return answer with { Problem = problem };
    }

    // One refresh at a time; a caller that saw an older token rejected finds the new one already there.
    private async Task<string> RefreshTokenAsync(string? rejected, CancellationToken cancellationToken)
    {
        await _tokenGate.WaitAsync(cancellationToken);
        try
        {
            if (_token is not null && _token != rejected)
            {
                return _token;
            }

            for (var attempt = 1; ; attempt++)
            {
                ApiAnswer answer;
                try
                {
                    using var content = new FormUrlEncodedContent(grant);
                    using var response = await http.PostAsync(baseUrl + "/api/v1/auth/token", content, cancellationToken);
                    answer = await ReadAsync(response, cancellationToken);
                }
                catch (HttpRequestException) when (attempt < _retry.MaxAttempts)
                {
                    await Task.Delay(_retry.MaxDelay, cancellationToken); // the API is not there (yet, or again)
                    continue;
                }

                if (answer.Text("access_token") is { } token)
                {
                    _token = token;
                    return token;
                }

                if (attempt >= _retry.MaxAttempts || answer.Status is not (429 or 503))
                {
                    throw new InvalidOperationException($"{baseUrl} refused a token ({answer.Status} {answer.Problem ?? answer.Text("error")}).");
                }

                await Task.Delay(_retry.MaxDelay, cancellationToken);
            }
        }
        finally
        {
            _tokenGate.Release();
        }
    }
}
