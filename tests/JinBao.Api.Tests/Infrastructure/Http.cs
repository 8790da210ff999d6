using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace JinBao.Api.Tests.Infrastructure;

/// <summary>Small helpers so tests read like the HTTP they send.</summary>
public static class Http
{
    /// <summary>Pass as the key to send no Idempotency-Key header.</summary>
    public const string NoKey = "\0none";

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string url, object? body, string? key = null) =>
        client.PostRawAsync(url, body is null ? "" : JsonSerializer.Serialize(body, JsonSerializerOptions.Web), "application/json", key);

    public static async Task<HttpResponseMessage> PostRawAsync(this HttpClient client, string url, string body, string contentType, string? key = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);

        // Large uploads ask first, as real clients do: a server refusing the size answers 413 before the body is sent,
        // instead of closing the connection while the client is still writing (a broken pipe, not an answer).
        request.Headers.ExpectContinue = body.Length > 64 * 1024;
        if (key != NoKey)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", key ?? Guid.NewGuid().ToString());
        }

        return await client.SendAsync(request);
    }

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>();

    /// <summary>Asserts the status; on failure shows the body, which says why.</summary>
    public static async Task<JsonElement> ExpectAsync(this HttpResponseMessage response, int status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"Expected {status}, got {(int)response.StatusCode}: {body}");
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
    }

    public static string Code(this JsonElement problem) => problem.GetProperty("code").GetString()!;
}
