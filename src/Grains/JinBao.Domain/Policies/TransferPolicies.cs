using System.Collections.Frozen;

using JinBao.Data;
using JinBao.Primitives;
using JinBao.Transfers;

namespace JinBao.Policies;

/// <summary>
/// Per-city auto-approval of transfer decisions: a city may approve complete applications at once (its review as the
/// new place) and/or release at once (its processing as the old place). The configured defaults come from
/// <c>data/transfer-policies.csv</c>; an agency's supervisors may set their own (<c>jinbao_transfer_policies</c>), which
/// replaces the city's default once a silo has read it (<c>TransferPolicyRefresher</c>). Cities in neither
/// decide by clerk.
/// </summary>
public sealed class TransferPolicies(IReadOnlyDictionary<string, (bool Review, bool Release)> configured)
{
    private volatile FrozenDictionary<string, (bool Review, bool Release)> _set = FrozenDictionary<string, (bool Review, bool Release)>.Empty;

    /// <summary>The defaults of <c>data/transfer-policies.csv</c>, with nothing set by an agency yet (a new instance each time).</summary>
    public static TransferPolicies FromConfiguration() => new(EmbeddedData.ReadCsv("transfer-policies.csv")
        .ToDictionary(row => RegionCode.Parse(row[0]).Value, row => (bool.Parse(row[1]), bool.Parse(row[2]))));

    /// <summary>No automatic decision anywhere: every step waits for a clerk.</summary>
    public static TransferPolicies None => new(new Dictionary<string, (bool, bool)>());

    /// <summary>Whether the decision <paramref name="city"/> owes at <paramref name="status"/> is taken by policy.</summary>
    public bool AutoApproves(RegionCode city, TransferStatus status)
    {
        var (review, release) = For(city);
        return status switch
        {
            TransferStatus.Applied => review,
            TransferStatus.ContactLetterIssued => release,
            _ => false,
        };
    }

    /// <summary>The city's policy now: the agency's own if it set one, else the configured default, else none.</summary>
    public (bool Review, bool Release) For(RegionCode city) =>
        _set.TryGetValue(city.Value, out var own) ? own : Configured(city);

    /// <summary>The city's configured default (data/transfer-policies.csv), whatever its agency set.</summary>
    public (bool Review, bool Release) Configured(RegionCode city) =>
        configured.TryGetValue(city.Value, out var policy) ? policy : (false, false);

    /// <summary>Whether the agency set its own policy (else the configured default applies).</summary>
    public bool IsSetByAgency(RegionCode city) => _set.ContainsKey(city.Value);

    /// <summary>Replaces the agencies' own policies with what <c>jinbao_transfer_policies</c> holds now.</summary>
    public void Refresh(IReadOnlyDictionary<string, (bool Review, bool Release)> set) => _set = set.ToFrozenDictionary();

    /// <summary>One agency's new policy, on this silo at once (the others read it at their next refresh).</summary>
    public void Set(RegionCode city, bool review, bool release)
    {
        var set = _set.ToDictionary();
        set[city.Value] = (review, release);
        _set = set.ToFrozenDictionary();
    }
}
