using System.Text.Json.Serialization;

namespace JinBao.Primitives;

/// <summary>The id a care place gives an off-site settlement (its request's key, 2303/2304): every party dedupes by it (spec §4.6).</summary>
/// <param name="Value">The id as its issuer wrote it.</param>
[GenerateSerializer, Immutable, JsonConverter(typeof(TextIdJsonConverter<SettlementId>))]
public readonly record struct SettlementId([property: Id(0)] string Value) : ITextId<SettlementId>
{
    /// <inheritdoc/>
    public static SettlementId Of(string value) => new(value);

    /// <summary>The id as text.</summary>
    public override string ToString() => Value;
}
