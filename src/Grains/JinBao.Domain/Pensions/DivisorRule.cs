namespace JinBao.Pensions;

/// <summary>How the account divisor (计发月数) treats an age with extra months (spec §2.2).</summary>
public enum DivisorRule
{
    /// <summary>The table value for the completed years; extra months are ignored (the rule before 2025).</summary>
    WholeYears = 1,

    /// <summary><c>d(a) + (d(a+1) − d(a))·m/12</c>, exact: 60 years 1 month → 138.41666….</summary>
    Interpolated = 2,

    /// <summary>As <see cref="Interpolated"/>, rounded to one decimal half away from zero: 60y1m → 138.4, as one city publishes.</summary>
    InterpolatedToTenth = 3,
}
