using JinBao.Persons;
using JinBao.Primitives;

namespace JinBao.Medical;

/// <summary>
/// A person's medical insurance at the insuring place (key: citizen id). One activation per person processes
/// settlements one at a time, so two hospitals can never both spend the same deductible or the same room under the cap.
/// </summary>
[Alias("jinbao.IMedicalAccountGrain")]
public interface IMedicalAccountGrain : IGrainWithStringKey
{
    /// <summary>Files for off-site care.</summary>
    [Alias("file")]
    Task<FilingView> FileAsync(FileForCare command);

    /// <summary>Changes a filing (spec §4.7 FILED → CHANGED): the replacement takes over; repeating returns it.</summary>
    [Alias("change-filing")]
    Task<FilingView> ChangeFilingAsync(FilingId filingId, FileForCare replacement);

    /// <summary>Cancels a filing.</summary>
    [Alias("cancel-filing")]
    Task<FilingView> CancelFilingAsync(FilingId filingId, Requester request, string? reason);

    /// <summary>Settles a bill directly (deductible → ratio → cap); repeating a settlement id returns the same result.</summary>
    /// <exception cref="Errors.JinBaoException">Not filed for that place and date (and not an emergency): claim manually.</exception>
    [Alias("settle")]
    Task<SettlementView> SettleAsync(SettleBill command);

    /// <summary>Reverses a settlement (冲正) for the care place that made it: the accumulators return and the ledger gets reversing entries. Once.</summary>
    [Alias("reverse")]
    Task<SettlementView> ReverseAsync(SettlementId settlementId, RegionCode careCity, Requester request, string? reason);

    /// <summary>Filings, accumulators and settlements.</summary>
    [Alias("get")]
    Task<MedicalAccountView> GetAsync();

    /// <summary>
    /// The person grain tells the account where the person is insured after every enrolment (the only change of it), so
    /// the account need not ask the person on every settlement. Idempotent.
    /// </summary>
    [Alias("insuring-city-changed")]
    Task InsuringCityChangedAsync(RegionCode insuringCity);
}
