using JinBao.Bench.Report;
using JinBao.Policies;
using JinBao.Testing;

using Microsoft.Extensions.DependencyInjection;

namespace JinBao.Bench;

/// <summary>What every scenario shares: the one PostgreSQL server (also measured by pgbench), the settings, the report,
/// and the three-cluster topology, started on first use and kept for the rest of the run.</summary>
public sealed class BenchContext(TestPostgres postgres, BenchSettings settings, BenchmarkReport report) : IAsyncDisposable
{
    private ExchangeTopology? _topology;

    public TestPostgres Postgres => postgres;

    public BenchSettings Settings => settings;

    public BenchmarkReport Report => report;

    /// <summary>
    /// National (<see cref="BenchSettings.NationalSilos"/> silos: two unless asked otherwise), Guangdong (Guangzhou and Shenzhen silos) and Sichuan (Chengdu), each the real silo host on its own
    /// database. Shenzhen releases by policy here (as a city whose arrears are checked upstream may), so a transfer
    /// runs end to end with no clerk: Chengdu approves the application by its shipped policy, Shenzhen releases by this one.
    /// </summary>
    public async Task<ExchangeTopology> TopologyAsync()
    {
        if (_topology is null)
        {
            _topology = await ExchangeTopology.StartAsync(postgres, (_, services) =>
                services.AddSingleton(new TransferPolicies(new Dictionary<string, (bool Review, bool Release)>
                {
                    [Places.Chengdu.Value] = (true, false),
                    [Places.Shenzhen.Value] = (false, true),
                })), settings.NationalSilos);
            report.NationalSilos = _topology.National.Silos.Count; // the header says what actually ran
        }

        return _topology;
    }

    public async ValueTask DisposeAsync()
    {
        if (_topology is not null)
        {
            await _topology.DisposeAsync();
        }
    }
}
