using JinBao.Primitives;

namespace JinBao.Drawing;

/// <summary>An annual adjustment rule (养老金调整): from <paramref name="EffectiveMonth"/>, each payment is raised by a percentage and/or a fixed amount.</summary>
/// <param name="RuleId">Assigned when stored; 0 for a rule not stored yet.</param>
/// <param name="Scope">A province code, or <c>all</c>.</param>
/// <param name="EffectiveMonth">The first month paid at the adjusted amount; only retirees whose first payment month is earlier are adjusted.</param>
/// <param name="Percent">The percentage raise, e.g. 2 for 2%; 0 for none.</param>
/// <param name="Fixed">The fixed raise per month, added after the percentage.</param>
/// <param name="Description">Where the rule comes from, e.g. the notice number.</param>
[GenerateSerializer, Immutable, Alias("jinbao.adjustment-rule")]
public sealed record AdjustmentRuleView(long RuleId, string Scope, YearMonth EffectiveMonth, decimal Percent, Money Fixed, string Description);
