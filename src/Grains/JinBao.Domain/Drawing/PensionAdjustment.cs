using JinBao.Errors;
using JinBao.Primitives;

namespace JinBao.Drawing;

/// <summary>
/// Annual pension adjustments as dated rules applied at read time (design.md §2). The payment run computes the same
/// thing in SQL (<c>jinbao_pension_adjusted_fen</c>); this is the reference the properties and tests compare it with.
/// </summary>
/// <remarks>
/// A rule applies to a payment for month M when its effective month is at or before M and the retiree's first payment
/// month is before the effective month (retired before the adjustment). Rules compound in (effective month, rule id)
/// order, each on the previous adjusted amount: <c>amount = round(amount × (1 + percent/100)) + fixed</c>, rounded to the
/// fen half away from zero like <see cref="Money.MultiplyBy"/>.
/// </remarks>
public static class PensionAdjustment
{
    /// <summary>The largest percentage a rule may carry (a typo guard: real annual raises are a few percent).</summary>
    public const decimal MaxPercent = 100m;

    /// <summary>The largest fixed raise a rule may carry, per month.</summary>
    public static readonly Money MaxFixed = Money.FromYuan(100_000m);

    /// <summary>Throws when the rule cannot be stored.</summary>
    public static void Validate(AdjustmentRuleView rule)
    {
        if (rule.Scope != "all" && !(RegionCode.TryParse(rule.Scope, out var province) && province.IsProvince))
        {
            throw new JinBaoException(ErrorKind.InvalidInput, "adjustment-scope", $"'{rule.Scope}' is neither 'all' nor a province code such as 440000.");
        }

        if (rule.Percent < 0m || rule.Percent > MaxPercent || decimal.Round(rule.Percent, 4) != rule.Percent)
        {
            throw new JinBaoException(ErrorKind.InvalidInput, "adjustment-percent", $"The percentage must be 0–{MaxPercent} with at most 4 decimals, not {rule.Percent}.");
        }

        if (rule.Fixed < Money.Zero || rule.Fixed > MaxFixed)
        {
            throw new JinBaoException(ErrorKind.InvalidInput, "adjustment-fixed", $"The fixed raise must be 0–{MaxFixed} yuan a month, not {rule.Fixed}.");
        }

        if (rule.Percent == 0m && rule.Fixed == Money.Zero)
        {
            throw new JinBaoException(ErrorKind.InvalidInput, "adjustment-empty", "The rule raises nothing: give a percentage, a fixed amount, or both.");
        }
    }

    /// <summary>The rules that apply in <paramref name="province"/>, in compounding order.</summary>
    public static IReadOnlyList<AdjustmentRuleView> ForProvince(IEnumerable<AdjustmentRuleView> rules, RegionCode province) =>
        rules.Where(r => r.Scope == "all" || r.Scope == province.Province.Value)
            .OrderBy(r => r.EffectiveMonth)
            .ThenBy(r => r.RuleId)
            .ToList();

    /// <summary>The amount paid for <paramref name="forMonth"/> to a retiree first paid in <paramref name="firstMonth"/>.</summary>
    /// <param name="baseMonthly">The monthly amount before any adjustment.</param>
    /// <param name="firstMonth">The retiree's first payment month: only rules effective after it apply.</param>
    /// <param name="forMonth">The month being paid: only rules effective by then apply.</param>
    /// <param name="rulesInOrder">The province's rules in compounding order (<see cref="ForProvince"/>).</param>
    public static Money AmountFor(Money baseMonthly, YearMonth firstMonth, YearMonth forMonth, IEnumerable<AdjustmentRuleView> rulesInOrder)
    {
        var amount = baseMonthly;
        foreach (var rule in rulesInOrder)
        {
            if (rule.EffectiveMonth <= forMonth && firstMonth < rule.EffectiveMonth)
            {
                amount = amount.MultiplyBy(1m + (rule.Percent / 100m)) + rule.Fixed;
            }
        }

        return amount;
    }
}
