using System.Text.Json;

namespace JinBao;

/// <summary>The one JSON shape of stored grain state.</summary>
public static class JinBaoJson
{
    /// <summary>The options, for JSON that JinBao itself writes beside grain state (e.g. settlement rows).</summary>
    public static readonly JsonSerializerOptions Options = Configure(new JsonSerializerOptions());

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.DictionaryKeyPolicy = null;
        options.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower));
        return options;
    }
}
