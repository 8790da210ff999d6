using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Serialization;

using JinBao.Api.Errors;

using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace JinBao.Api.Auth;

/// <summary>The OAuth 2.0 token response (RFC 6749 §5.1).</summary>
/// <param name="AccessToken">The bearer token to send as <c>Authorization: Bearer …</c>.</param>
/// <param name="TokenType">Always <c>Bearer</c>.</param>
/// <param name="ExpiresIn">Seconds until the token expires; ask for a new one before then.</param>
public sealed record TokenResponse(
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("token_type")] string TokenType,
    [property: JsonPropertyName("expires_in")] int ExpiresIn);

public static class TokenApi
{
    public const string RateLimitPolicy = "token";

    public static IEndpointRouteBuilder MapTokenApi(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/api/v1/auth/token", IssueTokenAsync)
            .WithName("IssueToken")
            .WithTags("Authentication")
            .WithSummary("Exchange a city-system credential or a clerk's login for an access token")
            .WithDescription("""
                OAuth 2.0 token endpoint, form-encoded. City systems use grant_type=client_credentials with client_id and
                client_secret (or HTTP Basic). Clerks use grant_type=password with username `user@city` (e.g. wang@440300)
                and their password. The token is valid for expires_in seconds. No Idempotency-Key is needed here: a token
                request changes nothing.
                """)
            .AllowAnonymous()
            .DisableAntiforgery() // not cookie-authenticated, so there is no cross-site request to forge
            .RequireRateLimiting(RateLimitPolicy)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return routes;
    }

    public static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> IssueTokenAsync(
        HttpRequest request,
        [FromForm(Name = "grant_type")] string? grantType,
        [FromForm(Name = "client_id")] string? clientId,
        [FromForm(Name = "client_secret")] string? clientSecret,
        [FromForm(Name = "username")] string? username,
        [FromForm(Name = "password")] string? password,
        CredentialStore credentials,
        TokenIssuer issuer,
        CancellationToken cancellationToken)
    {
        if (ReadBasic(request) is { } basic)
        {
            (clientId, clientSecret) = basic;
        }

        Caller? caller;
        switch (grantType)
        {
            case "client_credentials" when !string.IsNullOrEmpty(clientId) && !string.IsNullOrEmpty(clientSecret):
                caller = await credentials.VerifyCitySystemAsync(clientId, clientSecret, cancellationToken);
                if (caller is null)
                {
                    return OAuthError(StatusCodes.Status401Unauthorized, "invalid_client", "The client id or secret is wrong, or the credential is disabled.");
                }

                break;
            case "password" when !string.IsNullOrEmpty(username) && !string.IsNullOrEmpty(password):
                caller = await credentials.VerifyClerkAsync(username, password, cancellationToken);
                if (caller is null)
                {
                    return OAuthError(StatusCodes.Status400BadRequest, "invalid_grant", "The user name (user@city) or password is wrong, or the account is disabled.");
                }

                break;
            case "client_credentials" or "password":
                return OAuthError(StatusCodes.Status400BadRequest, "invalid_request",
                    "client_credentials needs client_id and client_secret; password needs username and password.");
            default:
                return OAuthError(StatusCodes.Status400BadRequest, "unsupported_grant_type", "grant_type must be client_credentials or password.");
        }

        var (token, lifetime) = await issuer.IssueAsync(caller, cancellationToken);
        return TypedResults.Ok(new TokenResponse(token, "Bearer", (int)lifetime.TotalSeconds));
    }

    // RFC 6749 §5.2 error codes, carried in problem details as "error" so OAuth clients still find them.
    private static ProblemHttpResult OAuthError(int status, string error, string detail) =>
        Problems.Create(status, error.Replace('_', '-'), "Authentication failed", detail, new Dictionary<string, object?> { ["error"] = error });

    private static (string ClientId, string Secret)? ReadBasic(HttpRequest request)
    {
        if (!AuthenticationHeaderValue.TryParse(request.Headers.Authorization, out var header)
            || !string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase) || header.Parameter is null)
        {
            return null;
        }

        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter));
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            return colon > 0 ? (Uri.UnescapeDataString(text[..colon]), Uri.UnescapeDataString(text[(colon + 1)..])) : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
