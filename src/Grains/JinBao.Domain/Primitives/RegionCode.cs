using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Serialization;

using JinBao.Data;
using JinBao.Errors;

namespace JinBao.Primitives;

/// <summary>
/// A province or city of the platform's region catalogue, identified by its six-digit GB/T 2260 code
/// (e.g. <c>440300</c> Shenzhen). Only codes listed in <c>data/regions.csv</c> can be created.
/// </summary>
/// <remarks>
/// The catalogue holds the 31 provincial-level divisions and the prefecture-level cities the platform serves;
/// county-level codes are not regions here. <c>default(RegionCode)</c> is not a region: its members other than
/// <see cref="Value"/> and <see cref="ToString"/> throw <see cref="InvalidOperationException"/>.
/// </remarks>
[GenerateSerializer, Immutable]
[JsonConverter(typeof(RegionCodeJsonConverter))]
public readonly record struct RegionCode : IComparable<RegionCode>
{
    private RegionCode(string value) => Value = value;

    /// <summary>The six-digit code, e.g. <c>440300</c>.</summary>
    [Id(0)]
    public string Value { get; }

    /// <summary>The official Chinese name, e.g. <c>深圳市</c>.</summary>
    public string Name => Entry.NameZh;

    /// <summary>The English name, e.g. <c>Shenzhen</c>.</summary>
    public string EnglishName => Entry.NameEn;

    /// <summary>Whether this is a province or a city.</summary>
    public RegionLevel Level => Entry.Level;

    /// <summary>True for a provincial-level division.</summary>
    public bool IsProvince => Level == RegionLevel.Province;

    /// <summary>The province this region belongs to (its first two digits + <c>0000</c>); a province's province is itself.</summary>
    public RegionCode Province => Catalogue.ByCode[Entry.ProvinceCode].Code;

    /// <summary>Every region of the catalogue, provinces first, each group in code order.</summary>
    public static IReadOnlyList<RegionCode> All => Catalogue.All;

    /// <summary>The 31 provincial-level divisions, in code order.</summary>
    public static IReadOnlyList<RegionCode> Provinces => Catalogue.Provinces;

    /// <summary>Parses a six-digit code listed in the catalogue.</summary>
    /// <exception cref="JinBaoException">
    /// <c>region-format</c> when the text is not six ASCII digits; <c>region-unknown</c> when the code is not in the catalogue.
    /// </exception>
    public static RegionCode Parse(string text)
    {
        if (!IsWellFormed(text))
        {
            throw new JinBaoException(ErrorKind.InvalidInput, "region-format",
                $"'{text}' is not a region code: a GB/T 2260 code is six digits, e.g. 440300.");
        }

        return TryParse(text, out var code)
            ? code
            : throw new JinBaoException(ErrorKind.InvalidInput, "region-unknown",
                $"Region code {text} is not in the region catalogue; use a province (xx0000) or city listed in data/regions.csv.");
    }

    /// <summary>Parses a code listed in the catalogue; false when it is malformed or unknown.</summary>
    public static bool TryParse(string? text, out RegionCode code)
    {
        if (text is not null && Catalogue.ByCode.TryGetValue(text, out var entry))
        {
            code = entry.Code;
            return true;
        }

        code = default;
        return false;
    }

    /// <summary>True when the text is a code listed in the catalogue.</summary>
    public static bool IsKnown(string? text) => text is not null && Catalogue.ByCode.ContainsKey(text);

    /// <inheritdoc />
    public int CompareTo(RegionCode other) => string.CompareOrdinal(Value, other.Value);

    /// <summary>The six-digit code.</summary>
    public override string ToString() => Value ?? string.Empty;

    private static bool IsWellFormed(string? text) => text is { Length: 6 } && text.All(char.IsAsciiDigit);

    private RegionEntry Entry =>
        Value is not null && Catalogue.ByCode.TryGetValue(Value, out var entry)
            ? entry
            : throw new InvalidOperationException("default(RegionCode) is not a region; create one with RegionCode.Parse.");

    private sealed record RegionEntry(RegionCode Code, string NameZh, string NameEn, RegionLevel Level, string ProvinceCode);

    // A nested class so the CSV is read on first use of the catalogue, not when a RegionCode is merely deserialised.
    private static class Catalogue
    {
        public static readonly FrozenDictionary<string, RegionEntry> ByCode = Load();

        public static readonly RegionCode[] Provinces =
            ByCode.Values.Where(e => e.Level == RegionLevel.Province).Select(e => e.Code).Order().ToArray();

        public static readonly RegionCode[] All =
            [.. Provinces, .. ByCode.Values.Where(e => e.Level == RegionLevel.City).Select(e => e.Code).Order()];

        private static FrozenDictionary<string, RegionEntry> Load()
        {
            var entries = new Dictionary<string, RegionEntry>(StringComparer.Ordinal);
            foreach (var row in EmbeddedData.ReadCsv("regions.csv"))
            {
                // A broken catalogue is a build defect, so fail loudly instead of serving a partial list.
                if (row.Length != 4 || !IsWellFormed(row[0]) || row[3] is not ("province" or "city"))
                {
                    throw new InvalidDataException($"data/regions.csv: bad row '{string.Join(',', row)}'; expected code,name_zh,name_en,province|city.");
                }

                var level = row[3] == "province" ? RegionLevel.Province : RegionLevel.City;
                var provinceCode = string.Concat(row[0].AsSpan(0, 2), "0000");
                if (level == RegionLevel.Province && row[0] != provinceCode)
                {
                    throw new InvalidDataException($"data/regions.csv: province {row[0]} must end in 0000.");
                }

                if (!entries.TryAdd(row[0], new RegionEntry(new RegionCode(row[0]), row[1], row[2], level, provinceCode)))
                {
                    throw new InvalidDataException($"data/regions.csv: code {row[0]} is listed twice.");
                }
            }

            foreach (var entry in entries.Values)
            {
                if (!entries.TryGetValue(entry.ProvinceCode, out var province) || province.Level != RegionLevel.Province)
                {
                    throw new InvalidDataException($"data/regions.csv: city {entry.Code.Value} has no province {entry.ProvinceCode}.");
                }
            }

            return entries.ToFrozenDictionary(StringComparer.Ordinal);
        }
    }
}

/// <summary>Writes a <see cref="RegionCode"/> as its six-digit string, also as a dictionary key.</summary>
public sealed class RegionCodeJsonConverter : JsonConverter<RegionCode>
{
    /// <inheritdoc />
    public override RegionCode Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString();
        return RegionCode.TryParse(text, out var code)
            ? code
            : throw new JsonException($"'{text}' is not a region code of the catalogue (six digits, e.g. 440300).");
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, RegionCode value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());

    /// <inheritdoc />
    public override RegionCode ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Read(ref reader, typeToConvert, options);

    /// <inheritdoc />
    public override void WriteAsPropertyName(Utf8JsonWriter writer, RegionCode value, JsonSerializerOptions options) =>
        writer.WritePropertyName(value.ToString());
}
