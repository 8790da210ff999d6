using JinBao.Primitives;

namespace JinBao.Drawing;

/// <summary>
/// National's annual pension adjustments (全国统一调整基本养老金), in the national cluster only: a rule entered here once
/// goes to every province of the exchange as a signed document, and each province's next payment run applies it.
/// </summary>
[Alias("jinbao.INationalAdjustmentGrain")]
public interface INationalAdjustmentGrain : IGrainWithStringKey
{
    /// <summary>The one key (national has one list of adjustments).</summary>
    public const string Key = "national";

    /// <summary>
    /// Enters a rule of scope <c>all</c> and sends it to every province, in one write. Entering the same rule again
    /// returns it as entered (nothing is sent twice).
    /// </summary>
    /// <exception cref="Errors.JinBaoException">
    /// Invalid (<c>adjustment-…</c>); another rule for the month exists (<c>adjustment-rule-exists</c>); not the national
    /// cluster or no province to send to (<c>national-adjustment-not-here</c>).
    /// </exception>
    [Alias("enter-national-adjustment")]
    Task<NationalAdjustmentView> EnterAsync(AdjustmentRuleView rule, Requester request);

    /// <summary>Every adjustment entered, by effective month.</summary>
    [Alias("get-national-adjustments")]
    Task<IReadOnlyList<NationalAdjustmentView>> GetAllAsync();
}
