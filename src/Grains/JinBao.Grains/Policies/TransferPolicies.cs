using JinBao.Data;
using JinBao.Primitives;
using JinBao.Transfers;

namespace JinBao.Policies;

/// <summary>
/// Per-city auto-approval of transfer decisions (<c>data/transfer-policies.csv</c>): a city may approve complete
/// applications at once (its review as the new place) and/or release at once (its processing as the old place).
/// Cities not listed decide by clerk.
/// </summary>
public sealed class TransferPolicies(IReadOnlyDictionary<string, (bool Review, bool Release)> cities)
{
    public static TransferPolicies Official { get; } = new(EmbeddedData.ReadCsv("transfer-policies.csv")
        .ToDictionary(row => RegionCode.Parse(row[0]).Value, row => (bool.Parse(row[1]), bool.Parse(row[2]))));

    public static TransferPolicies None { get; } = new(new Dictionary<string, (bool, bool)>());

    /// <summary>Whether the decision <paramref name="city"/> owes at <paramref name="status"/> is taken by policy.</summary>
    public bool AutoApproves(RegionCode city, TransferStatus status) =>
        cities.TryGetValue(city.Value, out var policy) && status switch
        {
            TransferStatus.Applied => policy.Review,
            TransferStatus.ContactLetterIssued => policy.Release,
            _ => false,
        };
}
