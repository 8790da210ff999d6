using System.Net;

using JinBao.Silo;
using JinBao.Silo.Hosting;

namespace JinBao.IntegrationTests.Exchange;

/// <summary>
/// The Orleans dashboard has no login, and a silo's HTTP port must be reachable by other clusters for the exchange: by
/// default only the silo's own host may open it (issue 17); operators may switch it off or open it on purpose.
/// </summary>
[Collection(ExchangeTopologyCollection.Name)]
public sealed class DashboardAccessTests(ExchangeTopologyFixture fixture)
{
    [Theory]
    [InlineData(DashboardAccess.Loopback, "127.0.0.1", true)]
    [InlineData(DashboardAccess.Loopback, "::1", true)]
    [InlineData(DashboardAccess.Loopback, "::ffff:127.0.0.1", true)]
    [InlineData(DashboardAccess.Loopback, "10.20.30.40", false)]   // another host on the provincial network
    [InlineData(DashboardAccess.Loopback, "2001:db8::7", false)]
    [InlineData(DashboardAccess.Off, "127.0.0.1", false)]
    [InlineData(DashboardAccess.Everyone, "10.20.30.40", true)]
    public void Admits_OnlyWhatTheSettingAllows(DashboardAccess access, string remote, bool admitted) =>
        Assert.Equal(admitted, SiloHostingExtensions.Admits(access, IPAddress.Parse(remote)));

    [Fact]
    public void Admits_NoRemoteAddress_IsRefused() => Assert.False(SiloHostingExtensions.Admits(DashboardAccess.Loopback, null));

    [Fact]
    public async Task RealSilo_ByDefault_ServesItsDashboardToItsOwnHost()
    {
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false });

        using var response = await http.GetAsync($"http://127.0.0.1:{fixture.Topology.Guangdong.Silos[0].HttpPort}/dashboard");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
