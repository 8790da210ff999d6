using JinBao.Primitives;

namespace JinBao.Exchange;

/// <summary>A document decided by a grain and saved with its state (the grain-level outbox), not yet signed.</summary>
public sealed record OutgoingDocument(
    DocumentId DocumentId,
    string Type,
    string Receiver,
    string CitizenId,
    string? TransferId,
    string Payload,
    DateTimeOffset CreatedAt);
