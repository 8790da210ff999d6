using JinBao.Primitives;

namespace JinBao.Clearing;

/// <summary>
/// Two provinces that clear with each other, in order (the paying or insuring province first): <c>440000-510000</c>,
/// the key of their clearing grain and of its audit stream. One spelling, so the grain a document is routed to and
/// the stream its events land in cannot drift apart.
/// </summary>
public static class ProvincePair
{
    /// <summary>The key of the pair <paramref name="first"/>, <paramref name="second"/> (province codes).</summary>
    public static string Key(string first, string second) => $"{first}-{second}";

    /// <summary>The key of the provinces of two regions (a city stands for its province).</summary>
    public static string Key(RegionCode first, RegionCode second) => Key(first.Province.Value, second.Province.Value);
}
