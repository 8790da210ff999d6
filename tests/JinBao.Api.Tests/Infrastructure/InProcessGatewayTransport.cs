using System.Reflection;

using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

using Orleans.TestingHost;

namespace JinBao.Api.Tests.Infrastructure;

/// <summary>
/// Lets the API's own Orleans client reach the silos of an <see cref="InProcessTestCluster"/>.
/// </summary>
/// <remarks>
/// Orleans 10.4.2's in-process test cluster always connects its silos through an in-memory transport (a private hub,
/// not TCP), so an external client finds the gateways in the PostgreSQL membership table but cannot dial them. This
/// registers, in the API host, the cluster's in-memory connection factory for outbound client connections; gateway
/// discovery, the client and everything above it stay as shipped. Reflection over internals, like
/// <c>UseRealMembership</c>: replace once Orleans lets a test cluster use sockets or exposes the hub.
/// </remarks>
public static class InProcessGatewayTransport
{
    public static void UseClusterTransport(this IServiceCollection services, InProcessTestCluster cluster)
    {
        const BindingFlags Any = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance;
        var hub = typeof(InProcessTestCluster).GetField("_transportHub", Any)?.GetValue(cluster)
            ?? throw Missing("InProcessTestCluster._transportHub");
        var core = typeof(IClusterClient).Assembly;
        var clientFactoryType = core.GetType("Orleans.Runtime.Messaging.ClientOutboundConnectionFactory") ?? throw Missing("ClientOutboundConnectionFactory");
        var key = (clientFactoryType.GetField("ServicesKey", Any)?.GetValue(null) ?? clientFactoryType.GetProperty("ServicesKey", Any)?.GetValue(null))
            ?? throw Missing("ClientOutboundConnectionFactory.ServicesKey");
        var memoryPoolType = core.GetType("Orleans.Networking.Shared.SharedMemoryPool") ?? throw Missing("SharedMemoryPool");
        var factoryType = typeof(InProcessTestCluster).Assembly.GetType("Orleans.TestingHost.InMemoryTransport.InMemoryTransportConnectionFactory")
            ?? throw Missing("InMemoryTransportConnectionFactory");

        services.AddKeyedSingleton(key, (provider, _) => (IConnectionFactory)Activator.CreateInstance(
            factoryType, Any, binder: null, [hub, provider.GetRequiredService<ILoggerFactory>(), provider.GetRequiredService(memoryPoolType)], culture: null)!);
    }

    private static InvalidOperationException Missing(string what) =>
        new($"{what} no longer exists in this Orleans version; check how InProcessTestCluster connects clients.");
}
