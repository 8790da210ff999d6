using JinBao.AppHost.Demo;
using JinBao.AppHost.Running;
using JinBao.AppHost.Topology;

// The whole local topology with one command; see docs/apphost.md.
var log = new ConsoleLog();
try
{
    if (AppHostOptions.Parse(args) is not { } options)
    {
        Console.WriteLine(AppHostOptions.Usage);
        return 0;
    }

    var topology = TopologyLoader.Load(options.TopologyFile);
    var builder = DistributedApplication.CreateBuilder(options, log);
    builder.AddJinBaoTopology(topology);
    if (options.Demo is { } demo)
    {
        builder.AddJinBaoDemo(topology, demo);
    }

    return await builder.Build().RunAsync();
}
catch (AppHostException ex)
{
    log.Error(ex.Message);
    return 1;
}
