using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

using Npgsql;

using JinBao.Primitives;
using JinBao.Transfers;

namespace JinBao.Grains.Transfers;

/// <summary>An open transfer, woken by the sweep.</summary>
[Alias("jinbao.ITransferDeadlineGrain")]
public interface ITransferDeadlineGrain : IGrainWithGuidKey
{
    /// <summary>Resumes saved work a crash left behind and escalates an overdue step; nothing for a closed transfer.</summary>
    [Alias("check-deadline")]
    Task CheckAsync();
}

/// <summary>The cluster's one sweeper of open transfers (<see cref="TransferSweeperGrain"/>).</summary>
[Alias("jinbao.ITransferSweeperGrain")]
public interface ITransferSweeperGrain : IGrainWithStringKey
{
    /// <summary>Registers the sweep's durable reminder (an upsert); every silo asks as it starts.</summary>
    [Alias("start")]
    Task StartAsync();
}

/// <summary>
/// Wakes every open transfer of this cluster once per <see cref="TransferOptions.DeadlineCheckPeriod"/>: each resumes
/// the saved work a crash may have left behind and escalates an overdue step. It is one durable reminder per cluster
/// instead of one per transfer: each transfer used to register a reminder at both places and remove it at the end, four
/// commits of their own in Orleans' reminder table, a quarter of a cross-province transfer's write transactions. The
/// open transfers are the open rows of <c>jinbao_agency_cases</c>, which every step writes in its own transaction, so a
/// transfer is swept from its first saved step until the step that closes it.
/// </summary>
[GrainType("transfer-sweeper")]
public sealed partial class TransferSweeperGrain(NpgsqlDataSource dataSource, IOptions<TransferOptions> options, ILogger<TransferSweeperGrain> logger)
    : Grain, ITransferSweeperGrain, IRemindable
{
    public const string Key = "open-transfers";
    private const string Reminder = "sweep";
    private const int PageSize = 500;

    /// <summary>Transfers woken at once: enough to get through a province's open cases, few enough to leave the silo its work.</summary>
    private const int Concurrent = 16;

    private const string OpenTransfers = """
        SELECT DISTINCT transfer_id FROM jinbao_agency_cases
        WHERE open AND transfer_id > $1
        ORDER BY transfer_id
        LIMIT $2
        """;

    public Task StartAsync() => this.RegisterOrUpdateReminder(Reminder, options.Value.DeadlineCheckPeriod, options.Value.DeadlineCheckPeriod);

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        var (woken, failed) = (0, 0);
        var after = Guid.Empty;
        while (true)
        {
            var page = await OpenAfterAsync(after);
            foreach (var batch in page.Chunk(Concurrent))
            {
                var results = await Task.WhenAll(batch.Select(WakeAsync));
                woken += results.Count(ok => ok);
                failed += results.Count(ok => !ok);
            }

            if (page.Count < PageSize)
            {
                break;
            }

            after = page[^1];
        }

        LogSwept(woken, failed);
    }

    private async Task<bool> WakeAsync(Guid transferId)
    {
        try
        {
            await GrainFactory.GetGrain<ITransferDeadlineGrain>(transferId).CheckAsync();
            return true;
        }
        catch (Exception exception)
        {
            LogWakeFailed(exception, transferId); // the next sweep tries again; the others go on
            return false;
        }
    }

    private async Task<List<Guid>> OpenAfterAsync(Guid after)
    {
        var ids = new List<Guid>();
        await using var command = dataSource.CreateCommand(OpenTransfers);
        command.Parameters.Add(new() { Value = after });
        command.Parameters.Add(new() { Value = PageSize });
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetGuid(0));
        }

        return ids;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Swept the open transfers: {Woken} checked, {Failed} failed (tried again at the next sweep)")]
    private partial void LogSwept(int woken, int failed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Transfer {TransferId} could not be checked by the sweep")]
    private partial void LogWakeFailed(Exception exception, Guid transferId);
}

/// <summary>
/// Asks the cluster's sweeper to register its reminder as this silo becomes active (an upsert, so every silo may ask).
/// A database that does not answer yet is asked again until it does: without the reminder no crash would be resumed
/// and no deadline escalated.
/// </summary>
public sealed partial class TransferSweepStart(IGrainFactory grains, ILogger<TransferSweepStart> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(10);
    private readonly CancellationTokenSource _stop = new();

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(TransferSweepStart), ServiceLifecycleStage.Active, StartAsync, _ => _stop.CancelAsync());

    private Task StartAsync(CancellationToken cancellationToken)
    {
        _ = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                try
                {
                    await grains.GetGrain<ITransferSweeperGrain>(TransferSweeperGrain.Key).StartAsync();
                    return;
                }
                catch (Exception exception) when (!_stop.IsCancellationRequested)
                {
                    LogNotStarted(exception, RetryDelay);
                    await Task.Delay(RetryDelay, _stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
                }
            }
        }, CancellationToken.None);
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The transfer sweep's reminder is not registered yet; trying again in {Delay}")]
    private partial void LogNotStarted(Exception exception, TimeSpan delay);
}
