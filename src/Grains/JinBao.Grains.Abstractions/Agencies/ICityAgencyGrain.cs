using JinBao.Primitives;
using JinBao.Transfers;

namespace JinBao.Agencies;

/// <summary>One case in a city agency's queue: a transfer awaiting this city's action.</summary>
/// <param name="TransferId">The transfer.</param>
/// <param name="MaskedCitizenId">The person, masked: queues are shown to every clerk of the agency.</param>
/// <param name="Side">Whether this city is the old or the new place of the transfer.</param>
/// <param name="Status">The transfer's status.</param>
/// <param name="AwaitingThisCity">True when the next action is this city's.</param>
/// <param name="DueOn">The statutory deadline of the current step.</param>
/// <param name="Escalated">True once the deadline passed without the step being done.</param>
[GenerateSerializer, Immutable, Alias("jinbao.agency-case")]
public sealed record AgencyCase(
    TransferId TransferId,
    string MaskedCitizenId,
    TransferSide Side,
    TransferStatus Status,
    bool AwaitingThisCity,
    DateOnly? DueOn,
    bool Escalated);

/// <summary>A case of the agency's history: the case as it closed, and when.</summary>
[GenerateSerializer, Immutable, Alias("jinbao.closed-agency-case")]
public sealed record ClosedAgencyCase(AgencyCase Case, DateTimeOffset ClosedAt);

/// <summary>A city's social-insurance agency (经办机构): the queue of transfer cases its clerks work on.</summary>
[Alias("jinbao.ICityAgencyGrain")]
public interface ICityAgencyGrain : IGrainWithStringKey
{
    /// <summary>The open cases of this agency, overdue first, then by deadline.</summary>
    [Alias("get-queue")]
    Task<IReadOnlyList<AgencyCase>> GetQueueAsync();

    /// <summary>The agency's closed cases (completed, rejected, cancelled), the latest closed first, at most <paramref name="limit"/>.</summary>
    [Alias("get-history"), Orleans.Concurrency.ReadOnly]
    Task<IReadOnlyList<ClosedAgencyCase>> GetHistoryAsync(int limit);
}
