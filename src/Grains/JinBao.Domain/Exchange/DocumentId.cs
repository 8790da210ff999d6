using System.Text.Json.Serialization;

using JinBao.Primitives;

namespace JinBao.Exchange;

/// <summary>
/// The id of a cross-cluster document: a GUID in its "D" form, derived from the business fact (<see cref="DocumentIds"/>)
/// for a queued document, so a redone step sends the same id again and every receiver dedupes by it.
/// </summary>
/// <param name="Value">The id as it travels and is stored (<c>jinbao_outbox</c>, <c>jinbao_inbox</c>).</param>
[GenerateSerializer, Immutable, JsonConverter(typeof(TextIdJsonConverter<DocumentId>))]
public readonly record struct DocumentId([property: Id(0)] string Value) : ITextId<DocumentId>
{
    /// <inheritdoc/>
    public static DocumentId Of(string value) => new(value);

    /// <summary>A new random id, for a request answered at once (it is never sent twice).</summary>
    public static DocumentId New() => new(Guid.NewGuid().ToString("D"));

    /// <summary>Whether the id has the form every JinBao cluster writes: a GUID.</summary>
    public bool IsWellFormed => Guid.TryParse(Value, out _);

    /// <summary>The id as text.</summary>
    public override string ToString() => Value;
}
