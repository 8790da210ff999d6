using System.Text.Json;
using System.Text.Json.Serialization;

using JinBao.Api.Agencies;
using JinBao.Api.Audit;
using JinBao.Api.Auth;
using JinBao.Api.Database;
using JinBao.Api.Documents;
using JinBao.Api.Drawing;
using JinBao.Api.Errors;
using JinBao.Api.Health;
using JinBao.Api.Idempotency;
using JinBao.Api.Medical;
using JinBao.Api.OpenApi;
using JinBao.Api.Persons;
using JinBao.Api.Retirement;
using JinBao.Api.Supervision;
using JinBao.Api.Transfers;
using JinBao.Api.Validation;
using JinBao.Privacy;
using JinBao.ServiceDefaults;
using JinBao.Portal.Hosting;
using JinBao.Workbench.Hosting;

using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

using Npgsql;

namespace JinBao.Api.Hosting;

public static class ApiHostingExtensions
{
    /// <summary>
    /// Configures this process as the REST API of one province cluster: validated options, the Orleans client, the
    /// database for credentials, idempotency and audit, bearer tokens, problem details, limits, health and OpenAPI.
    /// </summary>
    public static WebApplicationBuilder AddJinBaoApi(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(ApiOptions.SectionName).Get<ApiOptions>() ?? new ApiOptions();
        var connectionString = DatabasePools.WithDefaults(builder.Configuration.GetConnectionString(ApiDatabase.ConnectionStringName));

        // Fail before anything starts, with every problem listed, rather than with a socket or SQL error later.
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            failures.Add($"ConnectionStrings:{ApiDatabase.ConnectionStringName} is missing: set ConnectionStrings__{ApiDatabase.ConnectionStringName} to the cluster's database (the one its silos use).");
        }

        var validation = new ApiOptionsValidator().Validate(null, options);
        if (validation.Failed)
        {
            failures.AddRange(validation.Failures);
        }

        if (failures.Count > 0)
        {
            throw new OptionsValidationException(ApiOptions.SectionName, typeof(ApiOptions), failures);
        }

        builder.AddJinBaoTelemetry();
        var services = builder.Services;
        services.AddOptions<ApiOptions>().BindConfiguration(ApiOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ApiOptions>, ApiOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(_ => new ApiDatabase(NpgsqlDataSource.Create(connectionString!)));
        services.AddSingleton<CredentialStore>();
        services.AddSingleton<CitizenCredentials>();
        services.AddSingleton<PersonSignIn>();
        services.AddSingleton<IPersonSignIn>(provider => provider.GetRequiredService<PersonSignIn>());
        services.AddSingleton<SigningKeys>();
        services.AddSingleton<TokenIssuer>();
        services.AddSingleton<IdempotencyStore>();
        services.AddSingleton<AuditLog>();
        services.AddHostedService<SigningKeyRefresher>();
        services.AddHostedService<IdempotencyPurger>();
        builder.AddJinBaoOrleansClient(connectionString!, options);

        services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false));
            json.SerializerOptions.MaxDepth = 16;
            json.SerializerOptions.NumberHandling = JsonNumberHandling.Strict; // "900000" is not an amount: the web default reads numbers from strings
            // A misspelt field would otherwise be dropped without a word (and an Idempotency-Key replay would not see it).
            json.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        });
        services.AddProblemDetails(problems => problems.CustomizeProblemDetails = ProblemDetailsSetup.Customize);
        services.AddExceptionHandler<ApiExceptionHandler>();
        services.Configure<RouteHandlerOptions>(routes => routes.ThrowOnBadRequest = true); // unreadable bodies reach the exception handler as problems

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<SigningKeys, IOptions<ApiOptions>>((jwt, keys, api) =>
            {
                jwt.MapInboundClaims = false;
                jwt.TokenValidationParameters = TokenIssuer.ValidationParameters(api.Value.ClusterId, keys);
            });
        services.AddAuthorizationBuilder().SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
            kestrel.AddServerHeader = false;
        });
        services.Configure<FormOptions>(form =>
        {
            form.ValueCountLimit = 16;
            form.ValueLengthLimit = 1024;
            form.MultipartBodyLengthLimit = options.MaxRequestBodyBytes;
        });
        services.AddJinBaoRateLimiting();

        services.AddHealthChecks()
            .AddCheck<ClusterHealthCheck>("cluster", tags: [HealthEndpoints.ReadyTag])
            .AddCheck<DatabaseHealthCheck>("database", tags: [HealthEndpoints.ReadyTag]);
        services.AddJinBaoOpenApi();
        services.AddJinBaoWorkbench(signInRateLimitPolicy: TokenApi.RateLimitPolicy);
        services.AddSingleton<IStaffSignIn, StaffSignIn>();
        services.AddJinBaoPortal(signInRateLimitPolicy: TokenApi.RateLimitPolicy);
        RedactingLoggerFactory.Register(services);
        return builder;
    }

    /// <summary>The middleware and every route: /api/v1/..., /health/live, /health/ready, /openapi/v1.json, /docs, /workbench, /portal.</summary>
    public static WebApplication MapJinBaoApi(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<RequestLogging>();
        app.UseJinBaoDocsPage();
        app.UseAuthentication();
        app.UseRateLimiter(); // after authentication: limits are per caller
        app.UseAuthorization();

        app.MapHealthEndpoints();
        app.MapJinBaoOpenApi();
        app.MapTokenApi();

        // Filter order matters: malformed requests stop first (no trace), then every request is audited, kinds of caller
        // are admitted, POSTs are made idempotent, and domain errors become problems inside all of that.
        var api = app.MapGroup("/api/v1")
            .AddEndpointFilter<RequestValidationFilter>()
            .AddEndpointFilter<AuditFilter>()
            .AddEndpointFilter<AccessFilter>()
            .AddEndpointFilter<IdempotencyFilter>()
            .AddEndpointFilter<DomainErrorFilter>();
        api.MapPersonsApi();
        api.MapRetirementApi();
        api.MapTransfersApi();
        api.MapAgenciesApi();
        api.MapCaseHandlingApi();
        api.MapMedicalApi();
        api.MapDrawingApi();
        api.MapDocumentsApi();
        api.MapSupervisionApi();

        // Routes whose responses must not be stored (a one-time password): everything above but the idempotency record.
        var unstored = app.MapGroup("/api/v1")
            .AddEndpointFilter<RequestValidationFilter>()
            .AddEndpointFilter<AuditFilter>()
            .AddEndpointFilter<AccessFilter>()
            .AddEndpointFilter<DomainErrorFilter>();
        unstored.MapStaffApi();
        unstored.MapActivationCodesApi();

        app.MapJinBaoWorkbench();
        app.MapJinBaoPortal();
        return app;
    }
}
