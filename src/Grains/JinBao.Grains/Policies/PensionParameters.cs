using JinBao.Pensions;

namespace JinBao.Policies;

/// <summary>The configurable parameters the pension rules read: pooling areas, wages, crediting rates and formula.</summary>
public sealed record PensionParameters(
    PoolingAreas PoolingAreas,
    JinBao.Pensions.ProvincialWages Wages,
    CreditingRates CreditingRates,
    IInterestFormula InterestFormula);
