using System.Text.Json;

using JinBao.Grains.Hosting;

namespace JinBao.Bench.Baseline;

/// <summary>The baseline stores state in the same JSON shape as grain storage, so the two pay the same serialization.</summary>
public static class BaselineJson
{
    public static JsonSerializerOptions Options { get; } = JinBaoJson.Configure(new JsonSerializerOptions());

    public static T Read<T>(string json) => JsonSerializer.Deserialize<T>(json, Options)
        ?? throw new InvalidOperationException($"Stored {typeof(T).Name} is null.");
}
