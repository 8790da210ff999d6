using System.Text.Json.Serialization;

namespace JinBao.Primitives;

/// <summary>The id a city system gives a monthly contribution declaration; declaring again with the same id changes nothing.</summary>
/// <param name="Value">The id as its issuer wrote it.</param>
[GenerateSerializer, Immutable, JsonConverter(typeof(TextIdJsonConverter<DeclarationId>))]
public readonly record struct DeclarationId([property: Id(0)] string Value) : ITextId<DeclarationId>
{
    /// <inheritdoc/>
    public static DeclarationId Of(string value) => new(value);

    /// <summary>The id as text.</summary>
    public override string ToString() => Value;
}
