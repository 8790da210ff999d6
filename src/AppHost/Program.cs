using JinBao.AppHost.Hosting;
using JinBao.AppHost.Topology;

// The whole local topology with one command, on Aspire: docs/apphost.md. `-- --demo [--demo-persons N]` adds the demo.
try
{
    var (demo, demoPersons, aspireArgs) = AppHostArguments.Parse(args);
    var builder = DistributedApplication.CreateBuilder(aspireArgs);
    var dataFolder = builder.Configuration["JinBao:DataFolder"] ?? Environment.GetEnvironmentVariable("JINBAO_APPHOST_DATA")
        ?? Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", "..", ".jinbao"));
    var topology = TopologyLoader.Load(builder.Configuration["JinBao:Topology"] ?? Path.Combine(AppContext.BaseDirectory, "topology.json"));
    var graph = builder.AddJinBaoTopology(topology, dataFolder);
    if (demo)
    {
        builder.AddJinBaoDemo(graph, demoPersons);
    }

    await builder.Build().RunAsync();
    return 0;
}
catch (TopologyException exception)
{
    await Console.Error.WriteLineAsync(exception.Message);
    return 1;
}
