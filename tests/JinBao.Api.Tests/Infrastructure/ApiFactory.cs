using System.Net;

using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;

namespace JinBao.Api.Tests.Infrastructure;

/// <summary>The API as shipped (its Program), on real Kestrel at a loopback port, configured the way the AppHost does.</summary>
public sealed class ApiFactory : WebApplicationFactory<Program>
{
    private readonly IReadOnlyDictionary<string, string?> _settings;
    private readonly LogCapture? _logs;
    private readonly Orleans.TestingHost.InProcessTestCluster _cluster;

    public ApiFactory(IReadOnlyDictionary<string, string?> settings, LogCapture? logs, Orleans.TestingHost.InProcessTestCluster cluster)
    {
        _settings = settings;
        _logs = logs;
        _cluster = cluster;
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services => services.UseClusterTransport(_cluster));
        builder.ConfigureLogging(logging =>
        {
            logging.ClearProviders();
            if (_logs is not null)
            {
                logging.AddProvider(_logs);
                logging.SetMinimumLevel(LogLevel.Debug);
            }
        });
    }
}
