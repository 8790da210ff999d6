using System.Text.Json.Serialization;

namespace JinBao.Primitives;

/// <summary>The id of a person's filing for off-site care (备案); filing again with the same id and content changes nothing.</summary>
/// <param name="Value">The id as its issuer wrote it.</param>
[GenerateSerializer, Immutable, JsonConverter(typeof(TextIdJsonConverter<FilingId>))]
public readonly record struct FilingId([property: Id(0)] string Value) : ITextId<FilingId>
{
    /// <inheritdoc/>
    public static FilingId Of(string value) => new(value);

    /// <summary>The id as text.</summary>
    public override string ToString() => Value;
}
