using System.Text.Json;

using JinBao.Agencies;
using JinBao.Grains.Transfers;
using JinBao.Persons;
using JinBao.Policies;
using JinBao.Primitives;
using JinBao.Transfers;

using Npgsql;

namespace JinBao.Grains.Agencies;

/// <summary>
/// Stored in the grain storage row named <c>city-agency</c> by versions before <c>jinbao_agency_cases</c>; read only,
/// for the cases of that time that have not moved since.
/// </summary>
public sealed class CityAgencyState
{
    public Dictionary<string, AgencyCase> Cases { get; set; } = [];
}

/// <summary>
/// A city agency's case queue: the open rows of <c>jinbao_agency_cases</c>, which transfer grains write with each
/// saved step (<see cref="PensionTransferGrain"/>).
/// </summary>
[GrainType("city-agency")]
public sealed class CityAgencyGrain(
    [PersistentState("city-agency", JinBaoStorage.ProviderName)] IPersistentState<CityAgencyState> state,
    NpgsqlDataSource dataSource,
    TransferPolicies policies) : Grain, ICityAgencyGrain
{
    private RegionCode City => RegionCode.Parse(this.GetPrimaryKeyString());

    public async Task<AgencyTransferPolicy> GetTransferPolicyAsync()
    {
        // From the table, not this silo's copy: the answer must not lag a change made on another silo.
        await using var command = dataSource.CreateCommand("SELECT auto_approve_review, auto_approve_release FROM jinbao_transfer_policies WHERE city = $1");
        command.Parameters.Add(new() { Value = City.Value });
        await using var reader = await command.ExecuteReaderAsync();
        if (await reader.ReadAsync())
        {
            return new AgencyTransferPolicy(reader.GetBoolean(0), reader.GetBoolean(1), SetByAgency: true);
        }

        var (review, release) = policies.Configured(City); // the silo's copy: no re-reading of the embedded CSV per call
        return new AgencyTransferPolicy(review, release, SetByAgency: false);
    }

    public async Task<AgencyTransferPolicy> SetTransferPolicyAsync(bool approveCompleteApplications, bool releaseAtOnce, Requester request)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO jinbao_transfer_policies (city, auto_approve_review, auto_approve_release, set_by)
            VALUES ($1, $2, $3, $4)
            ON CONFLICT (city) DO UPDATE SET auto_approve_review = excluded.auto_approve_review,
                auto_approve_release = excluded.auto_approve_release, set_by = excluded.set_by, set_at = now()
            """);
        command.Parameters.Add(new() { Value = City.Value });
        command.Parameters.Add(new() { Value = approveCompleteApplications });
        command.Parameters.Add(new() { Value = releaseAtOnce });
        command.Parameters.Add(new() { Value = request.Actor });
        await command.ExecuteNonQueryAsync();
        policies.Set(City, approveCompleteApplications, releaseAtOnce);
        return new AgencyTransferPolicy(approveCompleteApplications, releaseAtOnce, SetByAgency: true);
    }

    public async Task<IReadOnlyList<AgencyCase>> GetQueueAsync()
    {
        // The open cases only (closed ones stay for the history, and must not make the queue slower as they pile up),
        // and the rows of cases an older version kept in state, to know which of those closed since.
        await using var command = dataSource.CreateCommand("""
            SELECT transfer_id, masked_citizen_id, side, status, awaiting_this_city, due_on, escalated, open
            FROM jinbao_agency_cases WHERE city = $1 AND (open OR transfer_id = ANY($2))
            """);
        command.Parameters.Add(new() { Value = this.GetPrimaryKeyString() });
        command.Parameters.Add(new() { Value = state.State.Cases.Values.Select(c => c.TransferId.Value).ToArray() });
        var rows = new Dictionary<string, (AgencyCase Case, bool Open)>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                var transferId = new TransferId(reader.GetGuid(0));
                rows[transferId.ToString()] = (new AgencyCase(transferId, reader.GetString(1), AgencyCases.ParseSide(reader.GetString(2)),
                    AgencyCases.ParseStatus(reader.GetString(3)), reader.GetBoolean(4),
                    reader.IsDBNull(5) ? null : reader.GetFieldValue<DateOnly>(5), reader.GetBoolean(6)), reader.GetBoolean(7));
            }
        }

        return rows.Values.Where(row => row.Open).Select(row => row.Case)
            .Concat(state.State.Cases.Where(old => !rows.ContainsKey(old.Key)).Select(old => old.Value))
            .OrderByDescending(c => c.Escalated)
            .ThenBy(c => c.DueOn ?? DateOnly.MaxValue)
            .ToList();
    }

    public async Task<IReadOnlyList<ClosedAgencyCase>> GetHistoryAsync(int limit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        await using var command = dataSource.CreateCommand("""
            SELECT transfer_id, masked_citizen_id, side, status, awaiting_this_city, due_on, escalated, updated_at
            FROM jinbao_agency_cases WHERE city = $1 AND NOT open ORDER BY updated_at DESC LIMIT $2
            """);
        command.Parameters.Add(new() { Value = this.GetPrimaryKeyString() });
        command.Parameters.Add(new() { Value = Math.Min(limit, 1000) });
        var closed = new List<ClosedAgencyCase>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            closed.Add(new ClosedAgencyCase(
                new AgencyCase(new TransferId(reader.GetGuid(0)), reader.GetString(1), AgencyCases.ParseSide(reader.GetString(2)),
                    AgencyCases.ParseStatus(reader.GetString(3)), reader.GetBoolean(4),
                    reader.IsDBNull(5) ? null : reader.GetFieldValue<DateOnly>(5), reader.GetBoolean(6)),
                reader.GetFieldValue<DateTimeOffset>(7)));
        }

        return closed;
    }
}

/// <summary>How the queue table names sides and steps: as the API and the stored state do (kebab-case).</summary>
public static class AgencyCases
{
    public static string Name(TransferSide side) => JsonSerializer.Serialize(side, JinBaoJson.Options).Trim('"');

    public static string Name(TransferStatus status) => JsonSerializer.Serialize(status, JinBaoJson.Options).Trim('"');

    public static TransferSide ParseSide(string name) => JsonSerializer.Deserialize<TransferSide>($"\"{name}\"", JinBaoJson.Options);

    public static TransferStatus ParseStatus(string name) => JsonSerializer.Deserialize<TransferStatus>($"\"{name}\"", JinBaoJson.Options);
}
