using JinBao.Privacy;

using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

using Npgsql;

using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace JinBao.ServiceDefaults;

public static class TelemetryExtensions
{
    /// <summary>JinBao's own activity source and meter (the exchange's hops, transfers, settlements, the outbox).</summary>
    public const string JinBaoSource = "JinBao";

    // Orleans 10's activity sources (grain calls, with AddActivityPropagation) and its meter.
    private static readonly string[] OrleansSources = ["Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application"];
    private const string OrleansMeter = "Microsoft.Orleans";

    /// <summary>
    /// Logs, traces and metrics of this process by OpenTelemetry, exported by OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>
    /// is set (the AppHost sets it to the Aspire dashboard) and silent otherwise. Nothing leaves unredacted: log records
    /// pass through <see cref="RedactingLoggerFactory"/> like every other provider's, and spans through
    /// <see cref="RedactingActivityProcessor"/> before the exporter sees them (request paths and grain ids carry citizen ids).
    /// </summary>
    public static IHostApplicationBuilder AddJinBaoTelemetry(this IHostApplicationBuilder builder)
    {
        if (string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            return builder;
        }

        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
            logging.AddOtlpExporter();
        });
        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddNpgsqlInstrumentation()
                .AddMeter(OrleansMeter, JinBaoSource)
                .AddOtlpExporter())
            .WithTracing(tracing => tracing
                .AddSource(JinBaoSource)
                .AddSource(OrleansSources)
                .AddAspNetCoreInstrumentation(aspNetCore => aspNetCore.Filter = IsNotHealthProbe)
                .AddHttpClientInstrumentation()
                .AddNpgsql()
                .AddProcessor(new RedactingActivityProcessor()) // before the exporter: it must never see the raw values
                .AddOtlpExporter());
        return builder;
    }

    // Health probes every few seconds would bury the traces a person looks for.
    private static bool IsNotHealthProbe(HttpContext context) => !context.Request.Path.StartsWithSegments("/health", StringComparison.Ordinal);
}
