using System.Collections.Concurrent;

using Npgsql;

using Orleans.Storage;

namespace JinBao.IntegrationTests.Effects;

/// <summary>
/// JinBao's real grain storage with faults a test arms for one grain: what a database restart does to a write and a
/// read, exactly when the test wants it. A write can fail before it reaches the database, or commit and then fail
/// (the connection died before the reply: an ambiguous commit); a read can fail.
/// </summary>
public sealed class FaultyGrainStorage(IGrainStorage inner, StorageFaults faults) : IGrainStorage
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        faults.TakeRead(grainId)
            ? throw new NpgsqlException("Injected: the database did not answer the read.")
            : inner.ReadStateAsync(stateName, grainId, grainState);

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        switch (faults.TakeWrite(grainId))
        {
            case WriteFault.NotCommitted:
                throw new NpgsqlException("Injected: the database did not answer; the write did not commit.");
            case WriteFault.CommittedAnswerLost:
                // As JinBao's storage leaves a write whose commit it never heard of: the version it held, not the next.
                var (etag, recordExists) = (grainState.ETag, grainState.RecordExists);
                await inner.WriteStateAsync(stateName, grainId, grainState);
                (grainState.ETag, grainState.RecordExists) = (etag, recordExists);
                throw new NpgsqlException("Injected: the write committed, but the connection died before the reply.");
            default:
                await inner.WriteStateAsync(stateName, grainId, grainState);
                break;
        }
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ClearStateAsync(stateName, grainId, grainState);
}

public enum WriteFault
{
    None,
    NotCommitted,
    CommittedAnswerLost,
}

/// <summary>The faults armed per grain; each is used once.</summary>
public sealed class StorageFaults
{
    private readonly ConcurrentDictionary<GrainId, Plan> _plans = new();

    /// <summary>The grain's write after <paramref name="passing"/> more successful ones fails as <paramref name="fault"/>.</summary>
    public void FailWrite(GrainId grain, WriteFault fault, int passing = 0) => Of(grain).ArmWrite(fault, passing);

    /// <summary>The grain's next <paramref name="count"/> reads fail.</summary>
    public void FailReads(GrainId grain, int count) => Of(grain).ArmReads(count);

    internal WriteFault TakeWrite(GrainId grain) => _plans.TryGetValue(grain, out var plan) ? plan.TakeWrite() : WriteFault.None;

    internal bool TakeRead(GrainId grain) => _plans.TryGetValue(grain, out var plan) && plan.TakeRead();

    private Plan Of(GrainId grain) => _plans.GetOrAdd(grain, _ => new Plan());

    private sealed class Plan
    {
        private readonly Lock _lock = new();
        private WriteFault _write;
        private int _writesPassing;
        private int _readsFailing;

        public void ArmWrite(WriteFault fault, int passing)
        {
            lock (_lock)
            {
                (_write, _writesPassing) = (fault, passing);
            }
        }

        public void ArmReads(int count)
        {
            lock (_lock)
            {
                _readsFailing = count;
            }
        }

        public WriteFault TakeWrite()
        {
            lock (_lock)
            {
                if (_write == WriteFault.None || _writesPassing-- > 0)
                {
                    return WriteFault.None;
                }

                var fault = _write;
                _write = WriteFault.None;
                return fault;
            }
        }

        public bool TakeRead()
        {
            lock (_lock)
            {
                if (_readsFailing == 0)
                {
                    return false;
                }

                _readsFailing--;
                return true;
            }
        }
    }
}
