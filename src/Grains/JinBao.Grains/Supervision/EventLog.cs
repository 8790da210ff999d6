using JinBao.Supervision;

using Npgsql;

namespace JinBao.Grains.Supervision;

/// <summary>
/// Reads the event log (<c>jinbao_events</c>) in log order. Every state change writes its events in its own
/// transaction, so the log is the durable stream: what is read here has committed, and reading again from a position
/// gives the same events in the same order.
/// </summary>
public sealed class EventLog(NpgsqlDataSource dataSource)
{
    // Only transactions older than every running one (pg_snapshot_xmin): a later read can find nothing new before the
    // last position returned, however commits interleave. (tx, seq) compares as a row on the index of the same name.
    // The transaction id leaves as text under another name: ORDER BY a name takes the output column first, and ordering
    // '1000' before '806' as text skipped events (the property test of the roll-ups found it).
    private const string ReadAfter = """
        SELECT e.tx::text AS tx_text, e.seq, e.event_id, e.stream, e.type, e.actor, e.payload::text, e.occurred_at
        FROM jinbao_events e
        WHERE (e.tx, e.seq) > ($1::text::xid8, $2) AND e.tx < pg_snapshot_xmin(pg_current_snapshot())
        ORDER BY e.tx, e.seq
        LIMIT $3
        """;

    /// <summary>The events after <paramref name="after"/> that no running transaction can still precede, oldest first.</summary>
    public async Task<IReadOnlyList<LoggedEvent>> ReadAsync(EventPosition after, int limit, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(ReadAfter);
        command.Parameters.Add(new() { Value = after.Transaction.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        command.Parameters.Add(new() { Value = after.Sequence });
        command.Parameters.Add(new() { Value = limit });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var events = new List<LoggedEvent>();
        while (await reader.ReadAsync(cancellationToken))
        {
            events.Add(new LoggedEvent(
                new EventPosition(ulong.Parse(reader.GetString(0), System.Globalization.CultureInfo.InvariantCulture), reader.GetInt64(1)),
                reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5), reader.GetString(6),
                reader.GetFieldValue<DateTimeOffset>(7)));
        }

        return events;
    }

    /// <summary>Every event after <paramref name="after"/> up to and including <paramref name="upTo"/>, page by page.</summary>
    public async IAsyncEnumerable<LoggedEvent> ReadRangeAsync(EventPosition after, EventPosition? upTo, int pageSize,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var position = after;
        while (true)
        {
            var page = await ReadAsync(position, pageSize, cancellationToken);
            foreach (var logged in page)
            {
                if (upTo is { } last && logged.Position > last)
                {
                    yield break;
                }

                yield return logged;
                position = logged.Position;
            }

            if (page.Count < pageSize)
            {
                yield break;
            }
        }
    }
}
