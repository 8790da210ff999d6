using JinBao.Pensions;

namespace JinBao.Policies;

/// <summary>The configurable parameters the pension rules read: pooling areas, wages, and interest crediting.</summary>
public sealed record PensionParameters(PoolingAreas PoolingAreas, ProvincialWages Wages, InterestCrediting Interest)
{
    /// <summary>The parameters shipped in <c>data/</c>.</summary>
    public static PensionParameters Official { get; } = new(PoolingAreas.Official, ProvincialWages.Embedded, InterestCrediting.Default);
}
