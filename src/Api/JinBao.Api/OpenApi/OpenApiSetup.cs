using System.ComponentModel.DataAnnotations;

using JinBao.Api.Audit;
using JinBao.Api.Auth;
using JinBao.Api.Idempotency;
using JinBao.Api.Validation;

using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace JinBao.Api.OpenApi;

/// <summary>The OpenAPI document (<c>/openapi/v1.json</c>) and the interactive page (<c>/docs</c>, Swagger UI served offline).</summary>
internal static class OpenApiSetup
{
    private const string SchemeName = "oauth2";
    private const string TokenUrl = "/api/v1/auth/token";

    public static IServiceCollection AddJinBaoOpenApi(this IServiceCollection services) =>
        services.AddOpenApi("v1", options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "JinBao (金保) province API",
                    Version = "v1",
                    Description = """
                        For city social-insurance systems and agency clerks. Get a token at POST /api/v1/auth/token
                        (client_credentials for a city system, password for a clerk: user@city) and send it as a bearer token.
                        Every POST needs an Idempotency-Key header. Errors are RFC 9457 problem details with a stable `type`
                        and `code`: 400 bad input (with field errors), 401 no or bad token, 403 not allowed for you,
                        404 unknown or outside your region, 409 a rule of the current state forbids it, 422 an Idempotency-Key
                        reused for another request, 429 over your rate limit (see Retry-After), 503 cluster or database away.
                        Amounts are integer fen (1 yuan = 100 fen).
                        """,
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.OAuth2,
                    Description = "City systems: client credentials. Clerks: password grant with user@city.",
                    Flows = new OpenApiOAuthFlows
                    {
                        ClientCredentials = new OpenApiOAuthFlow { TokenUrl = new Uri(TokenUrl, UriKind.Relative), Scopes = new Dictionary<string, string>() },
                        Password = new OpenApiOAuthFlow { TokenUrl = new Uri(TokenUrl, UriKind.Relative), Scopes = new Dictionary<string, string>() },
                    },
                };
                return Task.CompletedTask;
            });
            // A request body's required properties are those the validation requires ([Required]); by itself the generator
            // would require every constructor parameter without a default, which the API does not (insuringCity, reason…).
            options.AddSchemaTransformer((schema, context, _) =>
            {
                if (context.JsonPropertyInfo is null && typeof(IApiRequest).IsAssignableFrom(context.JsonTypeInfo.Type))
                {
                    schema.Required = context.JsonTypeInfo.Properties
                        .Where(p => p.AttributeProvider?.IsDefined(typeof(RequiredAttribute), inherit: true) == true)
                        .Select(p => p.Name)
                        .ToHashSet(StringComparer.Ordinal);
                }

                return Task.CompletedTask;
            });
            options.AddOperationTransformer((operation, context, _) =>
            {
                var metadata = context.Description.ActionDescriptor.EndpointMetadata;
                if (metadata.OfType<IAllowAnonymous>().Any())
                {
                    return Task.CompletedTask;
                }

                operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, context.Document)] = [] }];
                if (metadata.OfType<AllowedCallers>().FirstOrDefault() is { } callers)
                {
                    // Who may call, as a client reads it before trying (anyone else gets 403 caller-kind-forbidden).
                    operation.Extensions ??= new Dictionary<string, IOpenApiExtension>();
                    operation.Extensions["x-jinbao-callers"] = new JsonNodeExtension(System.Text.Json.Nodes.JsonValue.Create(callers.Describe()));
                }

                operation.Parameters ??= [];
                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = AuditFilter.PurposeHeader,
                    In = ParameterLocation.Header,
                    Required = false,
                    Description = "Why you access this data (recorded in the audit trail); the route's name when absent. Header values are ASCII: percent-encode other text as UTF-8 (%E7%AA%97… for 窗…).",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 200 },
                });
                if (string.Equals(context.Description.HttpMethod, "POST", StringComparison.OrdinalIgnoreCase) && !metadata.OfType<NoIdempotencyRecord>().Any())
                {
                    operation.Parameters.Add(new OpenApiParameter
                    {
                        Name = IdempotencyKey.HeaderName,
                        In = ParameterLocation.Header,
                        Required = true,
                        Description = "A unique value per intended change (e.g. a UUID). Retrying with the same key and body returns the first answer "
                            + "without executing again (Idempotent-Replayed: true); the same key with another body is a 422.",
                        Schema = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = IdempotencyKey.MaxLength },
                    });
                }

                return Task.CompletedTask;
            });
        });

    public static WebApplication MapJinBaoOpenApi(this WebApplication app)
    {
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous().DisableRateLimiting();
        return app;
    }

    /// <summary>Swagger UI at /docs; its files ship inside the Swashbuckle package, so the page works with no internet.</summary>
    public static IApplicationBuilder UseJinBaoDocsPage(this IApplicationBuilder app) =>
        app.UseSwaggerUI(ui =>
        {
            ui.RoutePrefix = "docs";
            ui.DocumentTitle = "JinBao API";
            ui.SwaggerEndpoint("/openapi/v1.json", "JinBao API v1");
            ui.EnableTryItOutByDefault();
        });
}
