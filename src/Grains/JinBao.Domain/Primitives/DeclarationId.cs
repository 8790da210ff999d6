using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;

namespace JinBao.Primitives;

/// <summary>The id a city system gives a monthly contribution declaration; declaring again with the same id changes nothing.</summary>
/// <param name="Value">The id as its issuer wrote it.</param>
[GenerateSerializer, Immutable, JsonConverter(typeof(TextIdJsonConverter<DeclarationId>))]
public readonly record struct DeclarationId([property: Id(0)] string Value) : ITextId<DeclarationId>
{
    /// <inheritdoc/>
    public static DeclarationId Of(string value) => new(value);

    /// <summary>
    /// The id as a person's state remembers it: the first eight bytes of the SHA-256 of its UTF-8 text. Two ids of one
    /// person share a key with a chance of about 2⁻⁶⁴ per pair, and no sender can choose one that does.
    /// </summary>
    public long Key => BinaryPrimitives.ReadInt64LittleEndian(SHA256.HashData(Encoding.UTF8.GetBytes(Value ?? "")));

    /// <summary>The id as text.</summary>
    public override string ToString() => Value;
}
