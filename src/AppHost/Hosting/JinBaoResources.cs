using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

using JinBao.AppHost.Topology;

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

using Npgsql;

namespace JinBao.AppHost.Hosting;

/// <summary>
/// The JinBao graph as Aspire resources: PostgreSQL; per cluster a migrator that creates and migrates its database
/// and exits, its city silos (waiting for the migrator and the national silos), and its API (waiting for its silos).
/// The topology file only says how many and where. Processes are plain <c>dotnet &lt;dll&gt;</c> executables: a
/// project resource would wrap each in <c>dotnet run</c> (~100 MB apiece).
/// </summary>
public static class JinBaoResources
{
    /// <summary>The connection string name silos, APIs and migrators read (<c>ConnectionStrings__jinbao</c>).</summary>
    public const string ConnectionName = ProcessEnvironment.ConnectionName;

    // Processes exporting to a dashboard that is stopping wait for the flush; short, so a stop stays inside Aspire's
    // grace period (SIGTERM, then SIGKILL about 6 s later).
    private const string OtlpTimeoutMs = "1000";

    public static JinBaoGraph AddJinBaoTopology(this IDistributedApplicationBuilder builder, TopologyDocument topology, string dataFolder)
    {
        var (postgres, connectionString) = builder.AddJinBaoPostgres(dataFolder);
        var clusters = topology.Clusters.OrderBy(c => c.Id == TopologyLoader.NationalClusterId ? 0 : 1).ToList();
        var keys = new ExchangeKeys(dataFolder, [.. clusters.Select(c => c.Id)]);
        var environment = new ProcessEnvironment(topology, keys, cluster => connectionString(cluster.Database));
        var graph = new JinBaoGraph();
        var nationalSilos = new List<IResourceBuilder<ExecutableResource>>();
        foreach (var cluster in clusters)
        {
            var database = connectionString(cluster.Database);
            graph.Databases[cluster.Id] = database;
            AdminEnvironment.Write(dataFolder, cluster, database);

            var migrator = builder.AddDotnet(TopologyLoader.MigratorResourceName(cluster), ProjectPaths.Migrations)
                .WithProcessEnvironment(() => environment.Migrator(cluster));
            if (postgres is not null)
            {
                migrator.WaitFor(postgres);
            }

            var silos = new List<IResourceBuilder<ExecutableResource>>();
            foreach (var silo in cluster.Silos)
            {
                var resource = builder.AddDotnet(TopologyLoader.SiloResourceName(cluster, silo), ProjectPaths.Silo)
                    .WithProcessEnvironment(() => environment.Silo(cluster, silo))
                    // Fixed ports from the topology, not proxied: silos find each other through the membership table.
                    .WithHttpEndpoint(port: silo.HttpPort, name: "http", isProxied: false)
                    .WithEndpoint(port: silo.SiloPort, name: "silo", scheme: "tcp", isProxied: false)
                    .WithEndpoint(port: silo.GatewayPort, name: "gateway", scheme: "tcp", isProxied: false)
                    .WithHttpHealthCheck("/health", endpointName: "http")
                    .WithUrl($"{ProcessEnvironment.SiloUrl(silo)}/dashboard", "Orleans dashboard")
                    .WaitForCompletion(migrator);
                foreach (var national in nationalSilos)
                {
                    resource.WaitFor(national); // enrolments ask the national person index, fail-closed
                }

                silos.Add(resource);
            }

            if (cluster.Id == TopologyLoader.NationalClusterId)
            {
                nationalSilos.AddRange(silos);
            }

            if (cluster.Api is { } api)
            {
                var apiUrl = ProcessEnvironment.ApiUrl(api);
                var resource = builder.AddDotnet(TopologyLoader.ApiResourceName(cluster), ProjectPaths.Api, "--urls", apiUrl)
                    .WithProcessEnvironment(() => environment.Api(cluster))
                    .WithHttpEndpoint(port: api.Port, name: "http", isProxied: false)
                    .WithHttpHealthCheck(api.HealthPath, endpointName: "http")
                    .WithUrl($"{apiUrl}/docs", "OpenAPI (interactive)");
                foreach (var silo in silos)
                {
                    resource.WaitFor(silo);
                }

                graph.Apis.Add(new JinBaoApi(cluster, apiUrl, resource));
            }
        }

        return graph;
    }

    /// <summary>
    /// <c>dotnet &lt;dll&gt;</c> in the assembly's folder, exporting its logs, traces and metrics to the dashboard, in the
    /// Development environment with one-line console logs (the dashboard's console view).
    /// </summary>
    public static IResourceBuilder<ExecutableResource> AddDotnet(this IDistributedApplicationBuilder builder, string name, string project, params string[] arguments)
    {
        var assembly = ProjectPaths.Get(project);
        return builder.AddExecutable(name, "dotnet", Path.GetDirectoryName(assembly)!, [assembly, .. arguments])
            .WithOtlpExporter()
            .WithEnvironment("OTEL_EXPORTER_OTLP_TIMEOUT", OtlpTimeoutMs)
            .WithEnvironment("DOTNET_ENVIRONMENT", "Development")
            .WithEnvironment("ASPNETCORE_ENVIRONMENT", "Development")
            .WithEnvironment("Logging__Console__FormatterName", "simple")
            .WithEnvironment("Logging__Console__FormatterOptions__SingleLine", "true")
            .WithEnvironment("Logging__LogLevel__Microsoft.AspNetCore", "Warning");
    }

    /// <summary>
    /// PostgreSQL: the server named by <c>ConnectionStrings:postgres</c> when configured (no resource), else the local
    /// server as an executable resource, healthy once it accepts a connection. Returns how to reach a database on it.
    /// </summary>
    private static (IResourceBuilder<ExecutableResource>? Resource, Func<string, string> ConnectionString) AddJinBaoPostgres(this IDistributedApplicationBuilder builder, string dataFolder)
    {
        if (builder.Configuration.GetConnectionString("postgres") is { Length: > 0 } existing)
        {
            return (null, database => new NpgsqlConnectionStringBuilder(existing) { Database = database }.ConnectionString);
        }

        var server = LocalPostgres.Prepare(dataFolder);
        var script = Path.Combine(AppContext.BaseDirectory, "postgres-run.sh");
        var postgres = builder.AddExecutable("postgres", "bash", dataFolder, [script, .. server.ServerArguments])
            .WithEndpoint(port: server.Port, name: "tcp", scheme: "tcp", isProxied: false)
            .WithHealthCheck("postgres-accepts-connections");

        // Unpooled: an idle pooled connection held by the AppHost would delay the server's shutdown.
        var probe = new NpgsqlConnectionStringBuilder(server.ConnectionString("postgres")) { Pooling = false, Timeout = 3 }.ConnectionString;
        builder.Services.AddHealthChecks().AddAsyncCheck("postgres-accepts-connections", async cancellationToken =>
        {
            try
            {
                await using var connection = new NpgsqlConnection(probe);
                await connection.OpenAsync(cancellationToken);
                return HealthCheckResult.Healthy();
            }
            catch (NpgsqlException exception)
            {
                return HealthCheckResult.Unhealthy(exception.Message);
            }
        });
        return (postgres, server.ConnectionString);
    }

    // Set when the process starts, not when the graph is built: the exchange keys are made on first use, after the
    // data folder is locked and the ports are checked.
    private static IResourceBuilder<ExecutableResource> WithProcessEnvironment(this IResourceBuilder<ExecutableResource> resource, Func<IReadOnlyDictionary<string, string>> environment) =>
        resource.WithEnvironment(context =>
        {
            foreach (var (name, value) in environment())
            {
                context.EnvironmentVariables[name] = value;
            }
        });
}

/// <summary>What the demo needs of the graph: each cluster's database and each API.</summary>
public sealed class JinBaoGraph
{
    public Dictionary<string, string> Databases { get; } = new(StringComparer.Ordinal);

    public List<JinBaoApi> Apis { get; } = [];
}

/// <summary>A cluster's API resource and its base URL.</summary>
public sealed record JinBaoApi(ClusterSpec Cluster, string Url, IResourceBuilder<ExecutableResource> Resource);
