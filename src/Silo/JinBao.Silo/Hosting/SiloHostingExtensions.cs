using System.Net;

using JinBao.Exchange;
using JinBao.Grains.Exchange;
using JinBao.Grains.Hosting;
using JinBao.Migrations;
using JinBao.ServiceDefaults;
using JinBao.Silo.Exchange;
using JinBao.Silo.Health;

using Microsoft.Extensions.Options;

using Orleans.Configuration;
using Orleans.Dashboard;
using Orleans.Runtime.MembershipService.SiloMetadata;

namespace JinBao.Silo.Hosting;

public static class SiloHostingExtensions
{
    private const string DashboardPath = "/dashboard";

    public const string ConnectionStringName = "jinbao";

    /// <summary>
    /// Configures this process as one city silo of a province cluster: validated options, schema migration
    /// before Orleans starts, ADO.NET clustering/storage/reminders on PostgreSQL, health checks and the dashboard.
    /// </summary>
    public static WebApplicationBuilder AddJinBaoSilo(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(SiloOptions.SectionName).Get<SiloOptions>() ?? new SiloOptions();
        var connectionString = DatabasePools.WithDefaults(builder.Configuration.GetConnectionString(ConnectionStringName));

        // Fail before anything starts, with every problem listed, rather than with a socket or SQL error later.
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            failures.Add($"ConnectionStrings:{ConnectionStringName} is missing: set ConnectionStrings__{ConnectionStringName} to the province database.");
        }

        var validation = new SiloOptionsValidator().Validate(null, options);
        if (validation.Failed)
        {
            failures.AddRange(validation.Failures);
        }

        // The exchange speaks for this silo's own cluster; its keys and routes are checked here too, before anything starts.
        var exchange = builder.Configuration.GetSection(ExchangeOptions.SectionName).Get<ExchangeOptions>() ?? new ExchangeOptions();
        exchange.ClusterId = string.IsNullOrEmpty(exchange.ClusterId) ? options.ClusterId : exchange.ClusterId;
        var exchangeValidation = new ExchangeOptionsValidator().Validate(null, exchange);
        if (exchangeValidation.Failed)
        {
            failures.AddRange(exchangeValidation.Failures);
        }

        if (failures.Count > 0)
        {
            throw new OptionsValidationException(SiloOptions.SectionName, typeof(SiloOptions), failures);
        }

        builder.AddJinBaoTelemetry();
        builder.Services.AddOptions<SiloOptions>().BindConfiguration(SiloOptions.SectionName).ValidateOnStart();
        builder.Services.PostConfigure<ExchangeOptions>(o => o.ClusterId = string.IsNullOrEmpty(o.ClusterId) ? options.ClusterId : o.ClusterId);
        builder.Services.AddSingleton<IValidateOptions<SiloOptions>, SiloOptionsValidator>();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Parse(options.AdvertisedAddress), options.HttpPort));

        // Registered before UseOrleans so that the schema exists before the silo reads OrleansQuery.
        builder.Services.AddHostedService(_ => new DatabaseMigrationService(connectionString!));
        builder.Services.AddHealthChecks()
            .AddCheck<SiloMembershipHealthCheck>("silo")
            .AddCheck("database", new DatabaseHealthCheck(connectionString!))
            .AddCheck<OutboxHealthCheck>("outbox");

        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(cluster =>
            {
                cluster.ClusterId = options.ClusterId;
                cluster.ServiceId = options.ServiceId;
            });
            silo.ConfigureEndpoints(IPAddress.Parse(options.AdvertisedAddress), options.SiloPort, options.GatewayPort, listenOnAnyHostAddress: false);
            silo.UseSiloMetadata(new Dictionary<string, string>
            {
                ["cluster"] = options.ClusterId,
                ["city"] = options.City,
            });
            silo.AddJinBaoGrains(connectionString!);
            silo.AddActivityPropagation(); // grain calls continue the caller's trace
            if (options.Dashboard != DashboardAccess.Off)
            {
                // Only when it can be opened: its grain-call profiler wraps every call and its metric reader counts the
                // grain directory's cache every few seconds.
                silo.AddDashboard(dashboard => dashboard.HideTrace = true); // the live trace would show unmasked log lines
            }
        });

        return builder;
    }

    /// <summary>
    /// Maps <c>/health</c> (200 only when the silo is an active cluster member and the database answers),
    /// <c>/dashboard</c>, and the national exchange endpoints under <c>/exchange/v1</c>.
    /// </summary>
    public static WebApplication MapJinBaoSilo(this WebApplication app)
    {
        app.MapHealthChecks("/health");
        var access = app.Services.GetRequiredService<IOptions<SiloOptions>>().Value.Dashboard;
        if (access != DashboardAccess.Off)
        {
            // The dashboard has no login: anyone who reaches it sees the cluster's grains and can read their ids.
            app.UseWhen(context => context.Request.Path.StartsWithSegments(DashboardPath), dashboard => dashboard.Use(async (context, next) =>
            {
                if (!Admits(access, context.Connection.RemoteIpAddress))
                {
                    context.Response.StatusCode = StatusCodes.Status403Forbidden;
                    return;
                }

                await next(context);
            }));
            app.MapOrleansDashboard(DashboardPath);
        }

        app.MapJinBaoExchange();
        return app;
    }

    /// <summary>Whether a request from <paramref name="remote"/> may open the dashboard under <paramref name="access"/>.</summary>
    public static bool Admits(DashboardAccess access, IPAddress? remote) => access switch
    {
        DashboardAccess.Everyone => true,
        DashboardAccess.Loopback => remote is not null && IPAddress.IsLoopback(remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote),
        _ => false,
    };
}
