using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

using JinBao.Exchange;

namespace JinBao.Grains.Exchange;

/// <summary>
/// Runs the outbox relay (its handoff and its poll) and the inbox dispatcher loop on this silo while it is an active
/// cluster member (and the exchange is on). All are safe to run on every silo at once: polled rows are claimed with
/// <c>SKIP LOCKED</c>, and handed-off rows are leased from their insert.
/// </summary>
public sealed partial class ExchangeWorkers(
    IOptions<ExchangeOptions> options,
    OutboxRelay relay,
    ExchangeInbox inbox,
    ILogger<ExchangeWorkers> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    private static readonly TimeSpan OutboxMeasureInterval = TimeSpan.FromSeconds(10);

    private CancellationTokenSource? _stop;
    private Task _loops = Task.CompletedTask;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(ExchangeWorkers), ServiceLifecycleStage.Active, StartAsync, StopAsync);

    private Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled)
        {
            if (!string.IsNullOrEmpty(options.Value.ClusterId))
            {
                LogStandalone(options.Value.ClusterId);
            }

            return Task.CompletedTask;
        }

        _stop = new CancellationTokenSource();
        _loops = Task.WhenAll(
            Task.Run(() => relay.SendHandedOffAsync(_stop.Token), CancellationToken.None),
            Task.Run(() => LoopAsync("relay", relay.DeliverDueAsync, _stop.Token), CancellationToken.None),
            Task.Run(() => LoopAsync("dispatcher", inbox.ProcessDueAsync, _stop.Token), CancellationToken.None),
            Task.Run(() => MeasureOutboxAsync(_stop.Token), CancellationToken.None));
        return Task.CompletedTask;
    }

    private async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_stop is null)
        {
            return;
        }

        await _stop.CancelAsync();
        await _loops.WaitAsync(cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default); // a killed silo does not wait
        _stop.Dispose();
        _stop = null;
    }

    private async Task LoopAsync(string name, Func<CancellationToken, Task<int>> pass, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                if (await pass(stop) >= options.Value.BatchSize)
                {
                    continue; // more may be due
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                LogPassFailed(exception, name); // e.g. the database is down: try again next poll
            }

            await Task.Delay(options.Value.PollInterval, stop).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    // The outbox gauges: one cheap query (a partial index) every few seconds, off the relay's own path.
    private async Task MeasureOutboxAsync(CancellationToken stop)
    {
        using var timer = new PeriodicTimer(OutboxMeasureInterval);
        try
        {
            do
            {
                try
                {
                    await relay.MeasureAsync(stop);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    LogPassFailed(exception, "outbox gauge");
                }
            }
            while (await timer.WaitForNextTickAsync(stop));
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cluster {ClusterId} has no exchange key (JinBao:Exchange:PrivateKeyPem/PrivateKeyPath): it runs standalone, serves every region itself and checks no national index")]
    private partial void LogStandalone(string clusterId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Exchange {Loop} pass failed; retrying at the next poll")]
    private partial void LogPassFailed(Exception exception, string loop);
}
