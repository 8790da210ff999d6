namespace JinBao.Primitives;

/// <summary>The tier of a GB/T 2260 division in the region catalogue.</summary>
public enum RegionLevel
{
    /// <summary>A provincial-level division (省级): province, autonomous region or municipality, code <c>xx0000</c>.</summary>
    Province = 1,

    /// <summary>A prefecture-level city (地级市), or a municipality's urban districts (<c>xx0100</c>).</summary>
    City = 2,
}
