using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Serialization;

using JinBao.Api.Errors;
using JinBao.Primitives;

using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.OpenApi;

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
                and their password; insured persons use grant_type=password with their citizen id as username and the
                password they set with their activation code (their token sees only their own data). The token is valid for expires_in seconds. No Idempotency-Key is needed here: a token
                request changes nothing.
                """)
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                operation.RequestBody = TokenForm();
                return Task.CompletedTask;
            })
            .AllowAnonymous()
            .DisableAntiforgery() // not cookie-authenticated, so there is no cross-site request to forge
            .RequireRateLimiting(RateLimitPolicy)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return routes;
    }

    public static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> IssueTokenAsync(
        HttpRequest request,
        CredentialStore credentials,
        PersonSignIn persons,
        TokenIssuer issuer,
        CancellationToken cancellationToken)
    {
        // Read by hand rather than bound with [FromForm]: binding makes routing answer any other body with 415, and the
        // anonymous route's 415 is then challenged as a 401 "send a bearer token", which misleads a client sending JSON.
        if (!request.HasFormContentType)
        {
            return OAuthError(StatusCodes.Status400BadRequest, "invalid_request", FormEncodedOnly);
        }

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is InvalidDataException or IOException)
        {
            // InvalidDataException: too many or too long fields; IOException: a multipart body whose boundary never comes.
            return OAuthError(StatusCodes.Status400BadRequest, "invalid_request",
                "The form could not be read (too many or too long fields, or a multipart body that is not one): send only grant_type, client_id and client_secret, or grant_type, username and password.");
        }

        var grantType = Field(form, "grant_type");
        var clientId = Field(form, "client_id");
        var clientSecret = Field(form, "client_secret");
        var username = Field(form, "username");
        var password = Field(form, "password");
        if (ReadBasic(request) is { } basic)
        {
            (clientId, clientSecret) = basic;
        }

        Caller? caller;
        var remoteIp = request.HttpContext.Connection.RemoteIpAddress?.ToString();
        switch (grantType)
        {
            case "client_credentials" when !string.IsNullOrEmpty(clientId) && !string.IsNullOrEmpty(clientSecret):
                caller = await credentials.VerifyCitySystemAsync(clientId, clientSecret, cancellationToken);
                await credentials.RecordSignInAsync(clientId, grantType, caller is null ? SignInOutcome.WrongSecret : SignInOutcome.Ok, remoteIp, cancellationToken);
                if (caller is null)
                {
                    return OAuthError(StatusCodes.Status401Unauthorized, "invalid_client", "The client id or secret is wrong, or the credential is disabled.");
                }

                break;
            case "password" when !string.IsNullOrEmpty(password) && CitizenId.TryParse(username, out var person):
                var (personSignIn, personCaller) = await persons.VerifyAsync(person, password, grantType, remoteIp, cancellationToken);
                if (personSignIn.Outcome == SignInOutcome.Locked)
                {
                    return OAuthError(StatusCodes.Status400BadRequest, "invalid_grant",
                        $"The credential is locked after {CredentialStore.MaxFailedSignIns} wrong passwords in a row, until {personSignIn.LockedUntil:yyyy-MM-ddTHH:mm:ssZ}.",
                        new Dictionary<string, object?> { ["lockedUntil"] = personSignIn.LockedUntil });
                }

                caller = personCaller;
                if (caller is null)
                {
                    return OAuthError(StatusCodes.Status400BadRequest, "invalid_grant",
                        "The citizen id or password is wrong, the credential is not activated, or this province keeps no record of the person.");
                }

                break;
            case "password" when !string.IsNullOrEmpty(username) && !string.IsNullOrEmpty(password):
                var signIn = await credentials.VerifyClerkAsync(username, password, cancellationToken);
                await credentials.RecordSignInAsync(username, grantType, signIn.Outcome, remoteIp, cancellationToken);
                if (signIn.Outcome == SignInOutcome.Locked)
                {
                    return OAuthError(StatusCodes.Status400BadRequest, "invalid_grant",
                        $"The account is locked after {CredentialStore.MaxFailedSignIns} wrong passwords in a row, until {signIn.LockedUntil:yyyy-MM-ddTHH:mm:ssZ}; a supervisor can unlock it sooner.",
                        new Dictionary<string, object?> { ["lockedUntil"] = signIn.LockedUntil });
                }

                caller = signIn.Caller;
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

    public const string FormEncodedOnly =
        "The token request must be form-encoded, as OAuth 2.0 requires (RFC 6749 §4.4 for client_credentials, §4.3 for password): "
        + "send Content-Type application/x-www-form-urlencoded with grant_type=client_credentials, client_id and client_secret "
        + "(or HTTP Basic), or grant_type=password, username (user@city) and password. A JSON body is not read.";

    // The form as the OpenAPI document shows it (the handler reads it by hand, so nothing describes it otherwise).
    private static OpenApiRequestBody TokenForm()
    {
        static OpenApiSchema Text(string description) => new() { Type = JsonSchemaType.String, Description = description };
        return new OpenApiRequestBody
        {
            Required = true,
            Description = "An OAuth 2.0 token request (RFC 6749 §4.4 client credentials, §4.3 password), form-encoded.",
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/x-www-form-urlencoded"] = new()
                {
                    Schema = new OpenApiSchema
                    {
                        Type = JsonSchemaType.Object,
                        Required = new HashSet<string> { "grant_type" },
                        Properties = new Dictionary<string, IOpenApiSchema>
                        {
                            ["grant_type"] = new OpenApiSchema { Type = JsonSchemaType.String, Enum = ["client_credentials", "password"] },
                            ["client_id"] = Text("A city system's client id (client_credentials; or send HTTP Basic)."),
                            ["client_secret"] = Text("Its secret."),
                            ["username"] = Text("A clerk's login, user@city, e.g. wang@440300, or an insured person's citizen id (password grant)."),
                            ["password"] = Text("The clerk's or person's password."),
                        },
                    },
                },
            },
        };
    }

    private static string? Field(IFormCollection form, string name) => form.TryGetValue(name, out var value) ? value.ToString() : null;

    // RFC 6749 §5.2 error codes, carried in problem details as "error" so OAuth clients still find them.
    private static ProblemHttpResult OAuthError(int status, string error, string detail, Dictionary<string, object?>? extensions = null)
    {
        extensions ??= [];
        extensions["error"] = error;
        return Problems.Create(status, error.Replace('_', '-'), "Authentication failed", detail, extensions);
    }

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
