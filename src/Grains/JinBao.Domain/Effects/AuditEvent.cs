namespace JinBao.Effects;

/// <summary>
/// One entry of the audit trail: what changed (<see cref="Type"/>, <see cref="PayloadJson"/>), in which stream
/// (<c>person:…</c>, <c>transfer:…</c>), who asked (<see cref="Actor"/>), under which request, and when.
/// </summary>
public sealed record AuditEvent(
    string EventId,
    string Stream,
    string Type,
    string Actor,
    string? RequestId,
    string PayloadJson,
    DateTimeOffset OccurredAt);
