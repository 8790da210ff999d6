using System.Globalization;

using JinBao.AppHost.Resources;
using JinBao.AppHost.Running;
using JinBao.AppHost.Topology;

namespace JinBao.AppHost.Demo;

/// <summary>Declares <c>--demo</c>: the work that runs once every resource of the topology is healthy.</summary>
public static class DemoSetup
{
    // The API allows a city system 600 requests a minute, right for production and far too few for thousands of
    // synthetic persons; the AppHost's own APIs get more while the demo runs (a local, loopback-only setting).
    private const int DemoPermitsPerMinute = 120_000;

    public static DistributedApplicationBuilder AddJinBaoDemo(this DistributedApplicationBuilder builder, TopologyDocument topology, DemoOptions options)
    {
        var apiAssembly = ProjectPaths.Get(ProjectPaths.Api);
        var provinces = topology.Clusters.Where(c => c.Id != TopologyLoader.NationalClusterId && c.Api is not null).ToList();
        foreach (var cluster in provinces)
        {
            builder.Get<ProjectResource>(TopologyLoader.ApiResourceName(cluster))
                .WithEnvironment("JinBao__Api__PermitsPerMinute", DemoPermitsPerMinute.ToString(CultureInfo.InvariantCulture));
        }

        return builder.OnAllHealthy(async stopping =>
        {
            var log = builder.Log;
            using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = checked(options.Concurrency * 2) })
            {
                Timeout = TimeSpan.FromSeconds(30),
            };

            log.Write("demo", $"Creating a city-system credential and a clerk for each of {provinces.Sum(p => p.Silos.Count)} cities (the API's admin commands).", error: false);
            var clerkUser = "demo-" + Guid.NewGuid().ToString("N")[..6];
            var made = provinces.SelectMany(cluster => cluster.Silos.Select(async silo =>
            {
                var connectionString = builder.Get<DatabaseResource>(TopologyLoader.DatabaseResourceName(cluster)).ConnectionString;
                var baseUrl = $"http://127.0.0.1:{cluster.Api!.Port.ToString(CultureInfo.InvariantCulture)}";
                var credentials = await DemoCredentials.CreateAsync(apiAssembly, connectionString, silo.City, clerkUser, stopping);
                var system = new DemoApi(http, baseUrl, new Dictionary<string, string>
                {
                    ["grant_type"] = "client_credentials",
                    ["client_id"] = credentials.ClientId,
                    ["client_secret"] = credentials.ClientSecret,
                });
                var clerk = new DemoApi(http, baseUrl, new Dictionary<string, string>
                {
                    ["grant_type"] = "password",
                    ["username"] = credentials.ClerkLogin,
                    ["password"] = credentials.ClerkPassword,
                });

                // Demo secrets of a loopback-only run, printed so a developer can call the API with them (journey 6).
                log.Write("demo", $"{silo.City} at {baseUrl}: city system client_id={credentials.ClientId} client_secret={credentials.ClientSecret}; clerk {credentials.ClerkLogin} password={credentials.ClerkPassword}", error: false);
                return new DemoCity(silo.City, cluster.Id, system, clerk);
            }));

            // The cities' commands run side by side: each is a short process that mostly waits for its runtime to start.
            var cities = await Task.WhenAll(made);
            await new DemoRunner(options, cities, log).RunAsync(stopping);
        });
    }
}
