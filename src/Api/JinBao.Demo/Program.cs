using JinBao.Demo;

// The demo (docs/demo.md): credentials through the APIs' admin commands, then synthetic persons, contributions,
// transfers and settlements through the public REST APIs. Started by the AppHost with --demo; stops on SIGTERM.
var log = new DemoLog();
using var stopping = new CancellationTokenSource();
using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    stopping.Cancel();
});
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stopping.Cancel();
};

try
{
    var settings = DemoSettings.FromEnvironment();
    using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = checked(settings.Options.Concurrency * 2) })
    {
        Timeout = TimeSpan.FromSeconds(30),
    };
    var cities = await DemoCredentials.CreateCitiesAsync(settings, http, log, stopping.Token);
    await new DemoRunner(settings.Options, cities, log).RunAsync(stopping.Token);

    // Stay up, so the dashboard shows the demo as Running rather than Finished while the topology runs.
    await Task.Delay(Timeout.Infinite, stopping.Token);
    return 0;
}
catch (OperationCanceledException) when (stopping.IsCancellationRequested)
{
    return 0;
}
catch (DemoException exception)
{
    log.Write("demo", exception.Message, error: true);
    return 1;
}
