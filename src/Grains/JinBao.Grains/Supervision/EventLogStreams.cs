using JinBao.Supervision;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

using Orleans.Configuration;
using Orleans.Providers.Streams.Common;
using Orleans.Streams;

namespace JinBao.Grains.Supervision;

/// <summary>
/// The business-event stream: an Orleans persistent stream provider whose queue is the event log itself. Grains do not
/// publish: their events are written in the transaction of the change they record (the effect pipeline), and this
/// provider's pulling agent reads what has committed and delivers it to the implicit subscribers
/// (<see cref="SupervisionGrain"/>). So an event is on the stream exactly when its change is durable, never before, and
/// never lost between the commit and a publish; and the stream can be replayed from any position, from the log.
/// </summary>
/// <remarks>
/// Why not Microsoft.Orleans.Streaming.AdoNet: its producer enqueues with its own connection after the caller's
/// transaction, so a silo dying between the commit and the enqueue loses the event (or, enqueued first, publishes a
/// change that then rolls back). Closing that gap needs an outbox, and the event log already is one.
/// </remarks>
public static class BusinessEvents
{
    public const string ProviderName = "jinbao-events";

    public const string StreamNamespace = "business-events";

    /// <summary>How many events one delivery carries at most.</summary>
    public const int BatchSize = 500;

    public static StreamId StreamId { get; } = StreamId.Create(StreamNamespace, SupervisionGrains.Key);

    /// <summary>
    /// Registers the provider: one queue (the log), read every <paramref name="pollPeriod"/>, implicit subscribers only.
    /// Its <see cref="EventLog"/> is registered by the supervision slice, which reads the log with or without the stream.
    /// </summary>
    public static ISiloBuilder AddBusinessEventStream(this ISiloBuilder silo, TimeSpan pollPeriod)
    {
        return silo.AddPersistentStreams(ProviderName, (services, name) => ActivatorUtilities.CreateInstance<EventLogAdapterFactory>(services, name), stream =>
        {
            stream.ConfigureStreamPubSub(StreamPubSubType.ImplicitOnly);
            stream.ConfigurePullingAgent(options => options.Configure(o => o.GetQueueMsgsTimerPeriod = pollPeriod));
        });
    }
}

/// <summary>One delivery: the events after <see cref="After"/>, in log order.</summary>
[GenerateSerializer, Immutable, Alias("jinbao.event-batch")]
public sealed record EventBatch(EventPosition After, IReadOnlyList<LoggedEvent> Events);

internal sealed class EventLogAdapterFactory(string name, EventLog log, IGrainFactory grains, ILoggerFactory loggers)
    : IQueueAdapterFactory, IQueueAdapter
{
    private readonly HashRingBasedStreamQueueMapper _mapper = new(new HashRingStreamQueueMapperOptions { TotalQueueCount = 1 }, name);
    private readonly SimpleQueueAdapterCache _cache = new(new SimpleQueueCacheOptions(), name, loggers);

    public string Name => name;

    public bool IsRewindable => false;

    /// <summary>Read only: events enter the log with the changes they record, never through the stream.</summary>
    public StreamProviderDirection Direction => StreamProviderDirection.ReadOnly;

    public Task<IQueueAdapter> CreateAdapter() => Task.FromResult<IQueueAdapter>(this);

    public IQueueAdapterCache GetQueueAdapterCache() => _cache;

    public IStreamQueueMapper GetStreamQueueMapper() => _mapper;

    public Task<IStreamFailureHandler> GetDeliveryFailureHandler(QueueId queueId) =>
        Task.FromResult<IStreamFailureHandler>(new NoOpStreamDeliveryFailureHandler());

    public IQueueAdapterReceiver CreateReceiver(QueueId queueId) => new EventLogReceiver(log, grains, loggers.CreateLogger<EventLogReceiver>());

    public Task QueueMessageBatchAsync<T>(StreamId streamId, IEnumerable<T> events, StreamSequenceToken? token, Dictionary<string, object>? requestContext) =>
        throw new NotSupportedException("Business events are written with the changes they record (the effect pipeline), not published.");
}

/// <summary>
/// Reads the log after its cursor. It starts where the consumer has counted to, so a silo taking the queue over (the
/// previous one died) resumes there; whatever a lost delivery skipped, the consumer reads from the log itself.
/// </summary>
internal sealed partial class EventLogReceiver(EventLog log, IGrainFactory grains, ILogger<EventLogReceiver> logger) : IQueueAdapterReceiver
{
    private EventPosition _cursor;
    private long _batches;

    public async Task Initialize(TimeSpan timeout)
    {
        try
        {
            _cursor = await grains.GetGrain<ISupervisionGrain>(SupervisionGrains.Key).GetPositionAsync().WaitAsync(timeout);
        }
        catch (Exception exception)
        {
            // Reading from the start is always right (the consumer skips what it counted), only slower.
            LogStartUnknown(exception);
            _cursor = EventPosition.Start;
        }
    }

    public async Task<IList<IBatchContainer>> GetQueueMessagesAsync(int maxCount)
    {
        var events = await log.ReadAsync(_cursor, BusinessEvents.BatchSize);
        if (events.Count == 0)
        {
            return [];
        }

        var batch = new EventBatchContainer(new EventBatch(_cursor, events), new EventSequenceTokenV2(++_batches));
        _cursor = events[^1].Position;
        return [batch];
    }

    public Task MessagesDeliveredAsync(IList<IBatchContainer> messages) => Task.CompletedTask;

    public Task Shutdown(TimeSpan timeout) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "The supervision grain did not say where it had counted to; reading the event log from its start")]
    private partial void LogStartUnknown(Exception exception);
}

[GenerateSerializer, Immutable, Alias("jinbao.event-batch-container")]
internal sealed record EventBatchContainer(EventBatch Batch, EventSequenceTokenV2 Token) : IBatchContainer
{
    public StreamId StreamId => BusinessEvents.StreamId;

    public StreamSequenceToken SequenceToken => Token;

    public IEnumerable<Tuple<T, StreamSequenceToken>> GetEvents<T>() =>
        Batch is T item ? [Tuple.Create(item, (StreamSequenceToken)Token)] : [];

    public bool ImportRequestContext() => false;
}
