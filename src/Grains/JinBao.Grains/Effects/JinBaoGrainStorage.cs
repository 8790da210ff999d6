using System.Globalization;

using JinBao.Effects;
using JinBao.Grains.Storage;

using Microsoft.Extensions.Options;

using Npgsql;

using NpgsqlTypes;

using Orleans.Configuration;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace JinBao.Grains.Effects;

/// <summary>
/// JinBao's grain storage: the rows of Orleans' ADO.NET provider (<c>orleans_storage</c>, see <see cref="StorageKey"/>),
/// written through <see cref="GroupCommit"/>. A state that holds effects (<see cref="IHoldEffects"/>: ledger movements,
/// audit events, signed documents, projection rows) has them written in the same transaction as the state itself,
/// and stored without them: a decision and its effects are durable together or not at all, with one commit, shared
/// with whatever other grains of the silo wrote at the same moment.
/// </summary>
public sealed class JinBaoGrainStorage(
    NpgsqlDataSource dataSource,
    GroupCommit commits,
    EffectStatements effects,
    IGrainStorageSerializer serializer,
    IActivatorProvider activators,
    IOptions<ClusterOptions> cluster) : IGrainStorage
{
    private readonly string _serviceId = cluster.Value.ServiceId;

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var key = StorageKey.Of(_serviceId, stateName, grainId);
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var command = new Statement(StorageKey.Read, key.Values()).ToCommand(connection);
        await using var reader = await command.ExecuteReaderAsync();
        if (await reader.ReadAsync() && !await reader.IsDBNullAsync(0))
        {
            grainState.State = serializer.Deserialize<T>(new BinaryData(reader.GetFieldValue<byte[]>(0)));
            grainState.ETag = reader.GetInt32(1).ToString(CultureInfo.InvariantCulture);
            grainState.RecordExists = true;
            return;
        }

        // No row, or a cleared one (its version stays, so a stale writer still conflicts).
        grainState.State = activators.GetActivator<T>().Create();
        grainState.ETag = reader.HasRows ? reader.GetInt32(1).ToString(CultureInfo.InvariantCulture) : null;
        grainState.RecordExists = false;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var key = StorageKey.Of(_serviceId, stateName, grainId);
        var holder = grainState.State as IHoldEffects;
        var held = holder?.Pending;
        var effectsToWrite = held is { IsEmpty: false } ? held : null;
        byte[] payload;
        try
        {
            if (holder is not null)
            {
                // Stored without them (a null the state's JSON leaves out): they are written beside it, in the same transaction.
                holder.Pending = null!;
            }

            payload = serializer.Serialize(grainState.State).ToArray();
        }
        finally
        {
            if (holder is not null)
            {
                holder.Pending = held!;
            }
        }

        var batch = effectsToWrite is null ? null : effects.For(effectsToWrite);
        await CommitAsync([StateWrite(key, payload, grainState.ETag), .. batch?.Statements ?? []], key, grainState.ETag);
        grainState.ETag = NextVersion(grainState.ETag);
        grainState.RecordExists = true;
        if (effectsToWrite is not null)
        {
            holder!.Pending = new PendingEffects();
            effects.Committed(batch!);
        }
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (grainState.ETag is null)
        {
            grainState.State = activators.GetActivator<T>().Create();
            grainState.RecordExists = false;
            return; // nothing stored yet: nothing to clear
        }

        var key = StorageKey.Of(_serviceId, stateName, grainId);
        await CommitAsync([StateWrite(key, null, grainState.ETag)], key, grainState.ETag);
        grainState.ETag = NextVersion(grainState.ETag);
        grainState.RecordExists = false;
        grainState.State = activators.GetActivator<T>().Create();
    }

    private async Task CommitAsync(IReadOnlyList<Statement> statements, StorageKey key, string? etag)
    {
        try
        {
            await commits.CommitAsync(statements);
        }
        catch (PostgresException exception) when (exception.SqlState == GroupCommit.VersionConflictState)
        {
            // What Orleans' own providers throw: the activation is stale (another one wrote), and is dropped.
            throw new InconsistentStateException(
                $"Version conflict writing {key.GrainType}: this activation holds version {etag ?? "none"}, storage another.", exception);
        }
    }

    private static Statement StateWrite(StorageKey key, byte[]? payload, string? etag) => etag is null
        ? new Statement(StorageKey.Insert, key.Values(payload!))
        : new Statement(StorageKey.Update, key.Values(new StatementValue(payload, NpgsqlDbType.Bytea), int.Parse(etag, CultureInfo.InvariantCulture)));

    private static string NextVersion(string? etag) =>
        (etag is null ? 1 : int.Parse(etag, CultureInfo.InvariantCulture) + 1).ToString(CultureInfo.InvariantCulture);
}
