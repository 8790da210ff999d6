using JinBao.Pensions;
using JinBao.Primitives;

using Orleans.TestingHost;

namespace JinBao.IntegrationTests.Infrastructure;

/// <summary>A Guangdong-like province cluster (two city silos) on its own database, shared by a collection of tests.</summary>
public sealed class ProvinceClusterFixture : IAsyncLifetime
{
    private TestPostgres? _postgres;
    private InProcessTestCluster? _cluster;

    public InProcessTestCluster Cluster => _cluster ?? throw new InvalidOperationException("Not initialised.");

    public string ConnectionString { get; private set; } = "";

    public string ServiceId => Cluster.Options.ServiceId;

    public async Task InitializeAsync()
    {
        _postgres = await TestPostgres.StartAsync();
        ConnectionString = await _postgres.CreateDatabaseAsync("province");
        _cluster = await TestClusters.StartAsync(ConnectionString);
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }

        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
    }

    /// <summary>A fresh migrated database on the same server, for a test that needs its own cluster.</summary>
    public Task<string> CreateDatabaseAsync(string prefix) => _postgres!.CreateDatabaseAsync(prefix);

    public Money AverageWage(string province, int year) => ProvincialWages.Embedded.AverageMonthlyWage(province, year);

    /// <summary>A single number from SQL, with <c>@p</c> bound to <paramref name="p"/> when given.</summary>
    public async Task<long> CountAsync(string sql, string? p = null) =>
        Convert.ToInt64(await Sql.ScalarAsync<object>(ConnectionString, sql, p is null ? [] : [("p", p)]), System.Globalization.CultureInfo.InvariantCulture);
}

[CollectionDefinition(Name)]
public sealed class ProvinceClusterCollection : ICollectionFixture<ProvinceClusterFixture>
{
    public const string Name = "province-cluster";
}
