using System.Text.Json;
using System.Text.Json.Serialization;

namespace JinBao.Primitives;

/// <summary>
/// An id that is text chosen by someone else (a city system's declaration id, a care place's settlement id) or built
/// from a fact (a ledger movement), typed so one kind of id cannot be passed where another is meant.
/// </summary>
/// <typeparam name="TSelf">The id type.</typeparam>
public interface ITextId<TSelf>
    where TSelf : struct, ITextId<TSelf>
{
    /// <summary>The id as text, exactly as given.</summary>
    string Value { get; }

    /// <summary>The id of <paramref name="value"/>.</summary>
    static abstract TSelf Of(string value);
}

/// <summary>
/// Reads and writes a <see cref="ITextId{TSelf}"/> as its plain text, as a value and as a dictionary key, so stored
/// state and documents keep the shape they had when the ids were strings.
/// </summary>
/// <typeparam name="TId">The id type.</typeparam>
public sealed class TextIdJsonConverter<TId> : JsonConverter<TId>
    where TId : struct, ITextId<TId>
{
    /// <inheritdoc/>
    public override TId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String
            ? TId.Of(reader.GetString()!)
            : throw new JsonException($"A {typeof(TId).Name} is a string, not {reader.TokenType}.");

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, TId value, JsonSerializerOptions options) => writer.WriteStringValue(value.Value);

    /// <inheritdoc/>
    public override TId ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => TId.Of(reader.GetString()!);

    /// <inheritdoc/>
    public override void WriteAsPropertyName(Utf8JsonWriter writer, TId value, JsonSerializerOptions options) => writer.WritePropertyName(value.Value);
}
