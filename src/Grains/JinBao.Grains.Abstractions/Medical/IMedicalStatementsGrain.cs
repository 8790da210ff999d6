using JinBao.Persons;
using JinBao.Primitives;

namespace JinBao.Medical;

/// <summary>
/// A province's desk for the monthly inter-province clearing of off-site medical settlements (spec §4.6; key: the
/// province code). The statements live at the national clearing; a province cluster reaches them over the exchange.
/// </summary>
[Alias("jinbao.IMedicalStatementsGrain")]
public interface IMedicalStatementsGrain : IGrainWithStringKey
{
    /// <summary>The statements of a month in which this province is the insuring or the care province.</summary>
    /// <exception cref="Errors.JinBaoException"><c>national-clearing-unavailable</c>: try again later.</exception>
    [Alias("get-statements")]
    Task<IReadOnlyList<ClearingStatementView>> GetStatementsAsync(YearMonth period);

    /// <summary>
    /// The insuring province confirms a finished month's statement towards a care province: its net moves to the care
    /// province and the prepayment is restored. Once; confirming again returns the confirmed statement.
    /// </summary>
    /// <exception cref="Errors.JinBaoException"><c>clearing-period-open</c> while the month is not over.</exception>
    [Alias("confirm")]
    Task<ClearingStatementView> ConfirmAsync(YearMonth period, RegionCode careProvince, Requester request, string? note);
}

/// <summary>One month's clearing statement (清算单) between an insuring and a care province.</summary>
/// <param name="Period">The month the settlements were posted (China time).</param>
/// <param name="InsuringProvince">Pays: its insured were treated in the care province.</param>
/// <param name="CareProvince">Is paid: its hospitals were paid from the insuring province's prepayment.</param>
/// <param name="Settlements">Settlements with a fund payment posted in the month.</param>
/// <param name="Reversals">Reversals posted in the month.</param>
/// <param name="Settled">The fund payments of those settlements.</param>
/// <param name="Reversed">What the reversals returned.</param>
/// <param name="Net">Settled − reversed: what the insuring province owes for the month.</param>
/// <param name="Confirmed">True once the insuring province confirmed and the net was cleared.</param>
/// <param name="Advanced">What the insuring province has advanced to the care province (预付, with top-ups).</param>
/// <param name="PrepaymentBalance">What is left of the advance now.</param>
[GenerateSerializer, Immutable, Alias("jinbao.clearing-statement-view")]
public sealed record ClearingStatementView(
    YearMonth Period,
    RegionCode InsuringProvince,
    RegionCode CareProvince,
    int Settlements,
    int Reversals,
    Money Settled,
    Money Reversed,
    Money Net,
    bool Confirmed,
    Money Advanced,
    Money PrepaymentBalance);
