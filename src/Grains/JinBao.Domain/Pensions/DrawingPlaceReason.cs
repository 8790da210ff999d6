namespace JinBao.Pensions;

/// <summary>Which clause of the drawing-place rule decided (spec §3.6).</summary>
public enum DrawingPlaceReason
{
    /// <summary>Clause 1: the current relationship is in the hukou province.</summary>
    CurrentIsHukou = 1,

    /// <summary>Clause 2: the current province has at least 10 non-temporary years.</summary>
    CurrentHasTenYears = 2,

    /// <summary>Clause 3: the most recent earlier province with at least 10 non-temporary years.</summary>
    EarlierPlaceHasTenYears = 3,

    /// <summary>Clause 4: no province qualifies (or there is no non-temporary relationship), so the hukou province.</summary>
    HukouFallback = 4,
}
