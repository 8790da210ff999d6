using System.Text.Json;

using JinBao.Medical;
using JinBao.Primitives;

using Npgsql;

namespace JinBao.Grains.Medical;

/// <summary>Reads the settlements a medical account no longer keeps in its state (<c>jinbao_medical_settlements</c>).</summary>
public sealed class SettlementArchive(NpgsqlDataSource dataSource)
{
    public async Task<SettlementRecord?> FindAsync(CitizenId person, SettlementId settlementId)
    {
        await using var command = dataSource.CreateCommand("SELECT record FROM jinbao_medical_settlements WHERE citizen_id = $1 AND settlement_id = $2");
        command.Parameters.Add(new() { Value = person.Value });
        command.Parameters.Add(new() { Value = settlementId.Value });
        return await command.ExecuteScalarAsync() is string json ? JsonSerializer.Deserialize<SettlementRecord>(json, JinBaoJson.Options) : null;
    }

    public async Task<List<SettlementRecord>> ListAsync(CitizenId person)
    {
        await using var command = dataSource.CreateCommand("SELECT record FROM jinbao_medical_settlements WHERE citizen_id = $1 ORDER BY admitted_on, settlement_id");
        command.Parameters.Add(new() { Value = person.Value });
        await using var reader = await command.ExecuteReaderAsync();
        var records = new List<SettlementRecord>();
        while (await reader.ReadAsync())
        {
            records.Add(JsonSerializer.Deserialize<SettlementRecord>(reader.GetString(0), JinBaoJson.Options)!);
        }

        return records;
    }
}
