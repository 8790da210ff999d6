using JinBao.Api.Database;
using JinBao.Api.Hosting;
using JinBao.Drawing;
using JinBao.Errors;
using JinBao.Exchange;
using JinBao.Primitives;

using Npgsql;

using Orleans.Configuration;

namespace JinBao.Api.Admin;

/// <summary>
/// <c>add-national-adjustment</c>: the ministry's annual pension adjustment, entered once at the national exchange. The
/// command is an Orleans client of the national cluster (found through its database, like the API finds its own) and
/// asks national's adjustment grain to enter the rule, which sends it to every province in the same write. It prints
/// the rule and the provinces it went to; each province's next payment run applies it, and the supervisors'
/// dashboard shows when.
/// </summary>
/// <remarks>
/// National has no API or sign-in of its own (it serves no city): whoever runs this holds national's database
/// credentials, and the audit trail names them as <c>admin:{operator}@national</c>.
/// </remarks>
public sealed class NationalAdjustmentCommand(AdjustmentRuleView rule, string @operator)
{
    /// <summary>How long to look for a national silo before giving up.</summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Runs the command; 0 when entered (or entered already, the same), 2 for wrong input or cluster, 1 when national refuses or cannot be reached.</summary>
    public async Task<int> RunAsync(IConfiguration configuration, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        try
        {
            NationalAdjustmentView.Validate(rule);
        }
        catch (JinBaoException exception)
        {
            await error.WriteLineAsync($"{exception.Code}: {exception.Message}");
            return 2;
        }

        var connectionString = configuration.GetConnectionString(ApiDatabase.ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            await error.WriteLineAsync($"ConnectionStrings:{ApiDatabase.ConnectionStringName} is missing: set it to the national cluster's database (set -a; . .jinbao/env/national.env; set +a).");
            return 2;
        }

        try
        {
            AdminCluster cluster;
            await using (var database = new ApiDatabase(NpgsqlDataSource.Create(connectionString)))
            {
                var (found, unknown) = await AdminCommand.FindClusterAsync(configuration, database, cancellationToken);
                if (found is null || found.Id != JinBaoCluster.NationalId)
                {
                    await error.WriteLineAsync(unknown ?? $"This is cluster {found}; national adjustments are entered at the national cluster: set -a; . .jinbao/env/national.env; set +a");
                    return 2;
                }

                cluster = found;
            }

            var entered = await EnterAsync(configuration, connectionString, cluster, cancellationToken);
            var fixedPart = entered.FixedFen == 0 ? "" : $" + {new Money(entered.FixedFen)} yuan a month";
            await output.WriteLineAsync($"National adjustment effective {entered.EffectiveMonth}: {entered.Percent} %{fixedPart} ({entered.Description}), entered by {entered.EnteredBy} at {entered.EnteredAt:yyyy-MM-dd HH:mm:ss}Z.");
            await output.WriteLineAsync($"Sent to {string.Join(", ", entered.SentTo)}; each province's next payment run for {entered.EffectiveMonth} or later applies it.");
            return 0;
        }
        catch (JinBaoException exception)
        {
            await error.WriteLineAsync($"{exception.Code}: {exception.Message}");
            return 1;
        }
        catch (NpgsqlException exception)
        {
            await error.WriteLineAsync($"The database refused: {exception.Message}");
            return 1;
        }
    }

    private async Task<NationalAdjustmentView> EnterAsync(IConfiguration configuration, string connectionString, AdminCluster cluster, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        var deadline = DateTimeOffset.UtcNow + ConnectTimeout;
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(options =>
            {
                options.ClusterId = cluster.Id;
                options.ServiceId = configuration[$"{ApiOptions.SectionName}:{nameof(ApiOptions.ServiceId)}"] ?? new ApiOptions().ServiceId;
            });
            client.UseAdoNetClustering(clustering =>
            {
                clustering.Invariant = "Npgsql";
                clustering.ConnectionString = connectionString;
            });
            client.UseConnectionRetryFilter(async (_, token) =>
            {
                if (DateTimeOffset.UtcNow > deadline)
                {
                    return false;
                }

                await Task.Delay(TimeSpan.FromSeconds(1), token);
                return true;
            });
        });

        using var host = builder.Build();
        try
        {
            await host.StartAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            throw new JinBaoException(ErrorKind.Unavailable, "national-unavailable",
                $"No silo of the national cluster answered within {ConnectTimeout.TotalSeconds:0} s ({exception.Message}); start it first (dotnet run --project src/AppHost).");
        }

        try
        {
            var grains = host.Services.GetRequiredService<IClusterClient>();
            return await grains.GetGrain<INationalAdjustmentGrain>(INationalAdjustmentGrain.Key)
                .EnterAsync(rule, new Requester($"admin:{@operator}@national", null));
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }
}
