using System.Threading.Channels;

using JinBao.Exchange;

namespace JinBao.Grains.Exchange;

/// <summary>A row of <c>jinbao_outbox</c> as the relay sends it.</summary>
public sealed record OutboxDocument(string DocumentId, string Receiver, string Type, string Document, int Attempts, string? TraceParent);

/// <summary>
/// Hands the documents this silo has just committed to its outbox straight to its relay, which sends them at once. Each
/// such row is inserted with a lease (<see cref="ExchangeOptions.SendLimit"/>) during which no relay's poll takes it, so
/// the first send needs no claim: one write fewer per document and hop. A handoff may be lost (the silo dies, the queue
/// is full, the exchange is off here): the row is still in the outbox, and a poll claims it when the lease has passed.
/// </summary>
public sealed class OutboxHandoff
{
    /// <summary>Documents waiting for the relay; more are left to the poll (they are committed, just sent later).</summary>
    public const int Capacity = 10_000;

    private readonly Channel<OutboxDocument> _queue = Channel.CreateBounded<OutboxDocument>(
        new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    /// <summary>After the commit that inserted the row, never before: the relay may send it at once.</summary>
    public void Committed(OutboxDocument document) => _queue.Writer.TryWrite(document);

    public ChannelReader<OutboxDocument> Documents => _queue.Reader;
}
