namespace JinBao.Api.Idempotency;

/// <summary>The response of an executed request, as kept for replays: status, the headers that matter, the body.</summary>
public sealed record StoredResponse(int StatusCode, string? ContentType, string? Location, byte[] Body)
{
    /// <summary>Executes an endpoint's result into a buffer instead of the wire, so it can be stored before it is sent.</summary>
    public static async Task<StoredResponse> CaptureAsync(HttpContext httpContext, object? result)
    {
        var response = httpContext.Response;
        var original = response.Body;
        await using var buffer = new MemoryStream();
        response.Body = buffer;
        try
        {
            switch (result)
            {
                case IResult executable:
                    await executable.ExecuteAsync(httpContext);
                    break;
                case null:
                    break;
                default:
                    await response.WriteAsJsonAsync(result, result.GetType());
                    break;
            }
        }
        finally
        {
            response.Body = original; // setting the original stream back restores the server's body feature
        }

        var location = response.Headers.Location.ToString();
        return new StoredResponse(response.StatusCode, response.ContentType, location.Length == 0 ? null : location, buffer.ToArray());
    }
}

/// <summary>Writes a stored response; on a replay it says so in <c>Idempotent-Replayed: true</c>.</summary>
public sealed class StoredResponseResult(StoredResponse response, bool replayed) : IResult, IStatusCodeHttpResult
{
    public const string ReplayedHeader = "Idempotent-Replayed";

    public int? StatusCode => response.StatusCode;

    public bool Replayed => replayed;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var http = httpContext.Response;
        http.StatusCode = response.StatusCode;
        if (response.ContentType is not null)
        {
            http.ContentType = response.ContentType;
        }

        if (response.Location is not null)
        {
            http.Headers.Location = response.Location;
        }

        if (replayed)
        {
            http.Headers[ReplayedHeader] = "true";
        }

        http.ContentLength = response.Body.Length;
        await http.Body.WriteAsync(response.Body);
    }
}
