using JinBao.Errors;
using JinBao.Primitives;

namespace JinBao.Drawing;

/// <summary>
/// A national annual adjustment (全国统一调整基本养老金) as national entered it once, and where it went: one
/// <c>national-adjustment</c> document to every province of the exchange, which each stores as an <c>all</c> rule that
/// its next payment run applies.
/// </summary>
/// <param name="EffectiveMonth">The first month paid at the adjusted amount.</param>
/// <param name="Percent">The percentage raise.</param>
/// <param name="FixedFen">The fixed raise per month, fen.</param>
/// <param name="Description">Where the rule comes from (the notice).</param>
/// <param name="EnteredBy">Who entered it at national (the audit trail's actor).</param>
/// <param name="EnteredAt">When national entered it (and sent it).</param>
/// <param name="SentTo">The province clusters it was sent to, e.g. <c>prov-440000</c>.</param>
[GenerateSerializer, Immutable, Alias("jinbao.national-adjustment")]
public sealed record NationalAdjustmentView(
    YearMonth EffectiveMonth, decimal Percent, long FixedFen, string Description, string EnteredBy, DateTimeOffset EnteredAt, IReadOnlyList<string> SentTo)
{
    /// <summary>Throws unless <paramref name="rule"/> can be entered nationally: valid, and of scope <c>all</c>.</summary>
    public static void Validate(AdjustmentRuleView rule)
    {
        if (rule.Scope != NationalScope)
        {
            throw new JinBaoException(ErrorKind.InvalidInput, "adjustment-scope",
                $"A national adjustment applies in every province: its scope is '{NationalScope}', not '{rule.Scope}'. A province adds its own rules itself.");
        }

        PensionAdjustment.Validate(rule);
    }

    /// <summary>The scope of a rule for every province.</summary>
    public const string NationalScope = "all";

    /// <summary>True when entering <paramref name="rule"/> again is this one entered again, not a different rule for the same month.</summary>
    public bool IsSameRule(AdjustmentRuleView rule) =>
        rule.EffectiveMonth == EffectiveMonth && rule.Percent == Percent && rule.Fixed.Fen == FixedFen && rule.Description == Description;
}

/// <summary>The payload of a <c>national-adjustment</c> document (national → each province).</summary>
public sealed record NationalAdjustmentPayload(YearMonth EffectiveMonth, decimal Percent, long FixedFen, string Description, DateTimeOffset EnteredAt)
{
    public AdjustmentRuleView ToRule() => new(0, NationalAdjustmentView.NationalScope, EffectiveMonth, Percent, new Money(FixedFen), Description);
}
