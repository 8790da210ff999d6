using JinBao.Transfers;

namespace JinBao.Agencies;

/// <summary>Stored in the grain storage row named <c>city-agency</c>.</summary>
public sealed class CityAgencyState
{
    public Dictionary<string, AgencyCase> Cases { get; set; } = [];
}

/// <summary>A city agency's case queue; transfer grains keep it current.</summary>
[GrainType("city-agency")]
public sealed class CityAgencyGrain(
    [PersistentState("city-agency", JinBaoStorage.ProviderName)] IPersistentState<CityAgencyState> state) : Grain, ICityAgencyGrain
{
    public async Task UpsertCaseAsync(AgencyCase agencyCase)
    {
        var key = agencyCase.TransferId.ToString();
        var open = agencyCase.Status is not (TransferStatus.Completed or TransferStatus.Rejected or TransferStatus.Cancelled);
        var known = state.State.Cases.TryGetValue(key, out var current);
        if (open ? known && current == agencyCase : !known)
        {
            return; // nothing changed: no write
        }

        if (open)
        {
            state.State.Cases[key] = agencyCase;
        }
        else
        {
            state.State.Cases.Remove(key);
        }

        await state.WriteStateAsync();
    }

    public Task<IReadOnlyList<AgencyCase>> GetQueueAsync() =>
        Task.FromResult<IReadOnlyList<AgencyCase>>(state.State.Cases.Values
            .OrderByDescending(c => c.Escalated)
            .ThenBy(c => c.DueOn ?? DateOnly.MaxValue)
            .ToList());
}
