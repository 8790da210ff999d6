using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace JinBao.AppHost.Tests.Infrastructure;

/// <summary>
/// The topology shipped with the AppHost, with every port moved to one free right now, so the test neither
/// collides with a developer's running AppHost nor depends on the default ports being free.
/// </summary>
public sealed class TestTopology
{
    private static readonly string[] SiloPortNames = ["siloPort", "gatewayPort", "httpPort"];

    private TestTopology(string file, IReadOnlyList<TopologySilo> silos, IReadOnlyList<TopologyApi> apis)
    {
        File = file;
        Silos = silos;
        Apis = apis;
    }

    public string File { get; }

    public IReadOnlyList<TopologySilo> Silos { get; }

    public IReadOnlyList<TopologyApi> Apis { get; }

    /// <summary>Writes the shipped topology with fresh ports to <paramref name="folder"/>; <paramref name="edit"/> may change it further.</summary>
    public static TestTopology WriteShippedWithFreePorts(string folder, Action<JsonObject>? edit = null)
    {
        var shipped = Path.Combine(Path.GetDirectoryName(AppHostProcess.AssemblyPath)!, "topology.json");
        var document = JsonNode.Parse(
            System.IO.File.ReadAllText(shipped),
            documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true })!.AsObject();

        var taken = new HashSet<int>();
        foreach (var cluster in document["clusters"]!.AsArray())
        {
            foreach (var silo in cluster!["silos"]!.AsArray())
            {
                foreach (var name in SiloPortNames)
                {
                    silo![name] = FreePort(taken);
                }
            }

            if (cluster["api"] is JsonObject api)
            {
                api["port"] = FreePort(taken);
            }
        }

        edit?.Invoke(document);

        var silos = new List<TopologySilo>();
        var apis = new List<TopologyApi>();
        foreach (var cluster in document["clusters"]!.AsArray())
        {
            var shortName = cluster!["id"]!.GetValue<string>().Replace("prov-", "", StringComparison.Ordinal);
            foreach (var silo in cluster["silos"]!.AsArray())
            {
                var name = shortName == "national" ? "silo-national" : $"silo-{silo!["city"]!.GetValue<string>()}-{silo["name"]!.GetValue<string>()}";
                silos.Add(new TopologySilo(name, silo!["httpPort"]!.GetValue<int>()));
            }

            if (cluster["api"] is JsonObject api)
            {
                apis.Add(new TopologyApi("api-" + shortName, api["port"]!.GetValue<int>(), api["healthPath"]?.GetValue<string>() ?? "/health/ready"));
            }
        }

        var file = Path.Combine(folder, "topology.json");
        System.IO.File.WriteAllText(file, document.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return new TestTopology(file, silos, apis);
    }

    /// <summary>A port free on 127.0.0.1 right now.</summary>
    public static int FreePort() => FreePort([]);

    private static int FreePort(HashSet<int> taken)
    {
        while (true)
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            if (taken.Add(port))
            {
                return port;
            }
        }
    }
}

/// <summary>A silo of the test topology: its resource name and the port of its <c>/health</c>.</summary>
public sealed record TopologySilo(string Name, int HttpPort);

/// <summary>An API of the test topology: its resource name, port and readiness path.</summary>
public sealed record TopologyApi(string Name, int Port, string HealthPath);
