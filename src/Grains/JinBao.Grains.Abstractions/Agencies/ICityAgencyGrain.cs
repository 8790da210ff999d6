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

/// <summary>Which transfer decisions an agency takes by policy, at once, instead of by a clerk.</summary>
/// <param name="ApproveCompleteApplications">As the new place: approve complete applications and send the contact letter at once.</param>
/// <param name="ReleaseAtOnce">As the old place: release at once (only where arrears are checked upstream).</param>
/// <param name="SetByAgency">The agency's supervisors set it; otherwise it is the configured default (data/transfer-policies.csv).</param>
[GenerateSerializer, Immutable, Alias("jinbao.agency-transfer-policy")]
public sealed record AgencyTransferPolicy(bool ApproveCompleteApplications, bool ReleaseAtOnce, bool SetByAgency);

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

    /// <summary>The agency's auto-approval policy now.</summary>
    [Alias("get-transfer-policy"), Orleans.Concurrency.ReadOnly]
    Task<AgencyTransferPolicy> GetTransferPolicyAsync();

    /// <summary>
    /// Sets the agency's own auto-approval policy (a supervisor's decision): steps reached from now on follow it, on this
    /// silo at once and on the others within <c>JinBao:Transfers:PolicyRefreshPeriod</c>; cases already waiting follow it
    /// at their next deadline check.
    /// </summary>
    [Alias("set-transfer-policy")]
    Task<AgencyTransferPolicy> SetTransferPolicyAsync(bool approveCompleteApplications, bool releaseAtOnce, Requester request);
}
