using System.Text;

using Microsoft.Extensions.Options;

using JinBao.Exchange;

namespace JinBao.Grains.Exchange;

/// <summary>No silo of the other cluster answered (refused, timed out, or 5xx from each): try again later.</summary>
public sealed class ExchangeUnreachableException(string message, Exception? inner) : Exception(message, inner);

/// <summary>HTTP between clusters: one pooled client; each of a cluster's base URLs is tried in turn.</summary>
public sealed class ExchangeHttp(IOptions<ExchangeOptions> options) : IDisposable
{
    private readonly HttpClient _client = new(new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(2), // picks up a silo that moved behind a name
        ConnectTimeout = TimeSpan.FromSeconds(5),
    })
    {
        Timeout = Timeout.InfiniteTimeSpan, // each attempt has its own RequestTimeout below
    };

    /// <summary>
    /// POSTs <paramref name="json"/> to <paramref name="path"/> under each base URL in turn and returns the first answer
    /// that is not a server error (the caller disposes it). Each attempt may take <see cref="ExchangeOptions.RequestTimeout"/>
    /// times <paramref name="hops"/>: a request that national forwards waits for two calls.
    /// </summary>
    /// <exception cref="ExchangeUnreachableException">No URL gave such an answer.</exception>
    public async Task<HttpResponseMessage> PostAsync(IReadOnlyList<string> baseUrls, string path, string json, CancellationToken cancellationToken, int hops = 1)
    {
        Exception? last = null;
        foreach (var baseUrl in baseUrls)
        {
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var timeout = options.Value.RequestTimeout * hops;
            attempt.CancelAfter(timeout);
            try
            {
                var response = await _client.PostAsync(new Uri(baseUrl.TrimEnd('/') + "/" + path), new StringContent(json, Encoding.UTF8, "application/json"), attempt.Token);
                if ((int)response.StatusCode < 500)
                {
                    return response;
                }

                last = new HttpRequestException($"{baseUrl} answered {(int)response.StatusCode}.");
                response.Dispose();
            }
            catch (HttpRequestException exception)
            {
                last = exception;
            }
            catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
            {
                last = new TimeoutException($"{baseUrl} did not answer within {timeout.TotalSeconds} s.", exception);
            }
        }

        throw new ExchangeUnreachableException(
            baseUrls.Count == 0 ? "No URL is configured for the receiving cluster." : $"No silo answered at {string.Join(", ", baseUrls)}: {last?.Message}", last);
    }

    public void Dispose() => _client.Dispose();
}
