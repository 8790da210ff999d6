using JinBao.Policies;
using JinBao.Transfers;

using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

using Npgsql;

namespace JinBao.Grains.Transfers;

/// <summary>
/// Reads the agencies' own transfer policies (<c>jinbao_transfer_policies</c>) into this silo's
/// <see cref="TransferPolicies"/> at start and every <see cref="TransferOptions.PolicyRefreshPeriod"/>: a supervisor's
/// change reaches every silo of the cluster within that period (the silo that took it applies it at once).
/// </summary>
public sealed partial class TransferPolicyRefresher(
    TransferPolicies policies, NpgsqlDataSource dataSource, IOptions<TransferOptions> options, ILogger<TransferPolicyRefresher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                policies.Refresh(await ReadAsync(dataSource, stoppingToken));
            }
            catch (Exception exception) when (exception is NpgsqlException or TimeoutException)
            {
                LogRefreshFailed(logger, exception.GetType().Name); // keep the last policies read; try again next period
            }

            try
            {
                await Task.Delay(options.Value.PolicyRefreshPeriod, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public static async Task<Dictionary<string, (bool Review, bool Release)>> ReadAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT city, auto_approve_review, auto_approve_release FROM jinbao_transfer_policies");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var set = new Dictionary<string, (bool Review, bool Release)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            set[reader.GetString(0)] = (reader.GetBoolean(1), reader.GetBoolean(2));
        }

        return set;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the agencies' transfer policies ({Error}); keeping the last read")]
    private static partial void LogRefreshFailed(ILogger logger, string error);
}
