using JinBao.Effects;
using JinBao.Medical;
using JinBao.Persons;

using Npgsql;

namespace JinBao.Bench.Baseline;

/// <summary>
/// The baseline's person rows: a change locks the row (SELECT … FOR UPDATE), applies a pure rule to the state read
/// from it, and writes the new state with the rule's ledger and audit rows in the same transaction.
/// </summary>
public static class PersonRows
{
    private const string Update = "UPDATE baseline_persons SET {0} = $2, version = version + 1 WHERE citizen_id = $1";

    /// <summary>Inserts prepared persons (setup, not measured).</summary>
    public static async Task InsertAsync(NpgsqlDataSource database, IEnumerable<(string Id, PersonState Person, MedicalAccountState Medical)> persons)
    {
        foreach (var chunk in persons.Chunk(500))
        {
            await using var connection = await database.OpenConnectionAsync();
            await using var batch = new NpgsqlBatch(connection);
            foreach (var (id, person, medical) in chunk)
            {
                person.Pending = new PendingEffects();
                medical.Pending = new PendingEffects();
                batch.BatchCommands.Add(EffectRows.Command(
                    "INSERT INTO baseline_persons (citizen_id, person, medical) VALUES ($1, $2, $3)", id, JsonText.Of(person), JsonText.Of(medical)));
            }

            await batch.ExecuteNonQueryAsync();
        }
    }

    /// <summary>Locks the row and reads one jsonb column of it, plus the person's insuring city when <paramref name="column"/> is medical.</summary>
    public static async Task<(T State, string InsuringCityJson)> LockAsync<T>(NpgsqlConnection connection, NpgsqlTransaction transaction, string id, string column)
    {
        await using var select = new NpgsqlCommand($"SELECT {column}, person->'insuringCity' FROM baseline_persons WHERE citizen_id = $1 FOR UPDATE", connection, transaction)
        {
            Parameters = { new() { Value = id } },
        };
        await using var reader = await select.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            throw new InvalidOperationException($"No baseline person {id}.");
        }

        return (BaselineJson.Read<T>(reader.GetString(0)), reader.GetString(1));
    }

    /// <summary>The state update and the rule's effects, to send in one batch.</summary>
    public static IEnumerable<NpgsqlBatchCommand> Save<T>(string id, string column, T state, PendingEffects pending)
    {
        var effects = EffectRows.Take(pending).ToList(); // empties pending before the state is serialized
        return effects.Append(EffectRows.Command(string.Format(System.Globalization.CultureInfo.InvariantCulture, Update, column), id, JsonText.Of(state)));
    }

    /// <summary>Executes <paramref name="commands"/> in <paramref name="transaction"/> and commits.</summary>
    public static async Task CommitAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IEnumerable<NpgsqlBatchCommand> commands)
    {
        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var command in commands)
        {
            batch.BatchCommands.Add(command);
        }

        if (batch.BatchCommands.Count > 0)
        {
            await batch.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
    }
}
