namespace JinBao.Pensions;

/// <summary>Who pays a month's pension contribution, which decides the pooled share (spec §2.1).</summary>
public enum ContributorKind
{
    /// <summary>An employee: 8% from the person to the individual account, 16% from the employer to the pooled fund.</summary>
    Employee = 1,

    /// <summary>A flexible worker (灵活就业) paying 20% alone: 8% to the individual account, 12% to the pooled fund.</summary>
    FlexibleWorker = 2,
}
