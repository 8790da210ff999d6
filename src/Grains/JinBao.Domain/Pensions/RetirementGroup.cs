namespace JinBao.Pensions;

/// <summary>The statutory retirement group, which fixes the old age, the target and the pace of the rise (spec §2.3).</summary>
public enum RetirementGroup
{
    /// <summary>Men: 60 rising to 63, one month per 4 birth months from January 1965.</summary>
    Man = 1,

    /// <summary>Women originally retiring at 55 (cadres, 干部): rising to 58, one month per 4 birth months from January 1970.</summary>
    WomanCadre = 2,

    /// <summary>Women originally retiring at 50 (workers, 工人): rising to 55, one month per 2 birth months from January 1975.</summary>
    WomanWorker = 3,
}
