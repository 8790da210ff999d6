using System.Globalization;

using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace JinBao.AppHost.Hosting;

/// <summary>
/// <c>--demo</c>: the demo driver (<c>src/Api/JinBao.Demo</c>) as a resource of its own that starts once every API is
/// healthy and drives the public APIs like a city system and its clerks would.
/// </summary>
public static class DemoResource
{
    // The API allows a city system 600 requests a minute, right for production and far too few for thousands of
    // synthetic persons; the AppHost's own APIs get more while the demo runs (a local, loopback-only setting).
    private const int DemoPermitsPerMinute = 120_000;

    public static void AddJinBaoDemo(this IDistributedApplicationBuilder builder, JinBaoGraph graph, int? persons)
    {
        var demo = builder.AddDotnet("demo", ProjectPaths.Demo)
            .WithEnvironment("JinBao__Demo__ApiAssembly", ProjectPaths.Get(ProjectPaths.Api));
        if (persons is { } count)
        {
            demo.WithEnvironment("JinBao__Demo__Persons", count.ToString(CultureInfo.InvariantCulture));
        }

        var apis = graph.Apis.Where(a => a.Cluster.Silos.Count > 0).ToList();
        for (var i = 0; i < apis.Count; i++)
        {
            var api = apis[i];
            api.Resource.WithEnvironment("JinBao__Api__PermitsPerMinute", DemoPermitsPerMinute.ToString(CultureInfo.InvariantCulture));
            var prefix = $"JinBao__Demo__Provinces__{i.ToString(CultureInfo.InvariantCulture)}__";
            demo.WithEnvironment(prefix + "Cluster", api.Cluster.Id)
                .WithEnvironment(prefix + "Url", api.Url)
                .WithEnvironment(prefix + "Cities", string.Join(',', api.Cluster.Silos.Select(s => s.City)))
                .WithEnvironment(prefix + "ConnectionString", graph.Databases[api.Cluster.Id])
                .WaitFor(api.Resource);
        }
    }
}
