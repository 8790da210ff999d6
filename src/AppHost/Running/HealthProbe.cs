using System.Net;

namespace JinBao.AppHost.Running;

/// <summary>Ready means the health URL answers 200; anything else (a refused connection, 503, no answer) is not.</summary>
public static class HealthProbe
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(3);

    // No proxy: an http_proxy variable must not route probes of 127.0.0.1 elsewhere.
    private static readonly HttpClient Client = new(new SocketsHttpHandler
    {
        UseProxy = false,
        ConnectTimeout = RequestTimeout,
        PooledConnectionLifetime = TimeSpan.FromMinutes(1),
    })
    {
        Timeout = RequestTimeout,
    };

    /// <summary>Whether <paramref name="url"/> answers 200, and what it answered.</summary>
    public static async Task<(bool Ok, string Answer)> GetAsync(string url, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await Client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            return (response.StatusCode == HttpStatusCode.OK, $"HTTP {(int)response.StatusCode}");
        }
        catch (HttpRequestException ex)
        {
            return (false, ex.Message);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (false, $"no answer within {RequestTimeout.TotalSeconds} s");
        }
    }
}
