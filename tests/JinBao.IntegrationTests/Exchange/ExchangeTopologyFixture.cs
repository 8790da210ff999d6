namespace JinBao.IntegrationTests.Exchange;

/// <summary>One three-cluster topology on its own PostgreSQL server, shared by the exchange tests (run one at a time).</summary>
public sealed class ExchangeTopologyFixture : IAsyncLifetime
{
    private TestPostgres? _postgres;
    private ExchangeTopology? _topology;

    public ExchangeTopology Topology => _topology ?? throw new InvalidOperationException("Not initialised.");

    public async Task InitializeAsync()
    {
        _postgres = await TestPostgres.StartAsync();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                _topology = await ExchangeTopology.StartAsync(_postgres);
                return;
            }
            catch (Exception exception) when (attempt < 3
                && (exception is System.Net.Sockets.SocketException or IOException || exception.InnerException is System.Net.Sockets.SocketException or IOException))
            {
                // Another process took one of the chosen ports before a silo bound it: choose again.
            }
        }
    }

    public async Task DisposeAsync()
    {
        if (_topology is not null)
        {
            await _topology.DisposeAsync();
        }

        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ExchangeTopologyCollection : ICollectionFixture<ExchangeTopologyFixture>
{
    public const string Name = "exchange-topology";
}
