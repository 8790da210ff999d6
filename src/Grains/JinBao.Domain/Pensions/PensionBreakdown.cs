using JinBao.Primitives;

namespace JinBao.Pensions;

/// <summary>A monthly pension by component, each already rounded to the fen.</summary>
/// <param name="Basic">The basic pension (基础养老金).</param>
/// <param name="Account">The individual-account pension (个人账户养老金).</param>
public sealed record PensionBreakdown(Money Basic, Money Account)
{
    /// <summary>The monthly total: the sum of the rounded components, so the parts always add up to what is paid.</summary>
    public Money Total => Basic + Account;
}
