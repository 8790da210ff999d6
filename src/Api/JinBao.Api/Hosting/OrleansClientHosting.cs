using Orleans.Configuration;

namespace JinBao.Api.Hosting;

internal static class OrleansClientHosting
{
    /// <summary>
    /// Makes the API an Orleans client of its province cluster: gateways from the ADO.NET membership table on the same
    /// database the silos use. The client keeps retrying to connect instead of failing the process, so the API can
    /// start before the silos; /health/ready says when it is connected.
    /// </summary>
    public static WebApplicationBuilder AddJinBaoOrleansClient(this WebApplicationBuilder builder, string connectionString, ApiOptions options)
    {
        // Started side by side with Kestrel, so /health/live answers while the client is still looking for gateways.
        builder.Services.Configure<HostOptions>(host => host.ServicesStartConcurrently = true);
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(cluster =>
            {
                cluster.ClusterId = options.ClusterId;
                cluster.ServiceId = options.ServiceId;
            });
            client.UseAdoNetClustering(clustering =>
            {
                clustering.Invariant = "Npgsql";
                clustering.ConnectionString = connectionString;
            });
            client.Configure<GatewayOptions>(gateways => gateways.GatewayListRefreshPeriod = TimeSpan.FromSeconds(10));
            client.UseConnectionRetryFilter(RetryForeverAsync);
            client.AddActivityPropagation(); // a request's trace goes on into the grains it calls
        });
        return builder;
    }

    private static async Task<bool> RetryForeverAsync(Exception exception, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return false; // the host is stopping
        }

        return true;
    }
}
