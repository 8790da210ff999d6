namespace JinBao.Supervision;

/// <summary>
/// One business event as the event log holds it (<c>jinbao_events</c>, written in the transaction of the state change
/// it records) and as the business-event stream carries it.
/// </summary>
[GenerateSerializer, Immutable, Alias("jinbao.logged-event")]
public sealed record LoggedEvent(
    EventPosition Position,
    string EventId,
    string Stream,
    string Type,
    string Actor,
    string PayloadJson,
    DateTimeOffset OccurredAt);
