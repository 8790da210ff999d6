using JinBao.Clearing;
using JinBao.Effects;
using JinBao.Errors;
using JinBao.Grains.Effects;
using JinBao.Ledger;
using JinBao.Medical;
using JinBao.Primitives;

using Microsoft.Extensions.Options;

using Orleans.Concurrency;

namespace JinBao.Grains.Clearing;

/// <summary>The national clearing of one (insuring, care) province pair for off-site medical care; key <c>440000-510000</c>.</summary>
[Alias("jinbao.IMedicalClearingGrain")]
public interface IMedicalClearingGrain : IGrainWithStringKey
{
    /// <summary>Posts a settlement (and its reversal, when reversed) against the insuring province's advance; once each.</summary>
    [Alias("record"), AlwaysInterleave] // calls only queue their posting; one loop of the activation writes them in order
    Task RecordAsync(SettlementView settlement);

    /// <summary>The insuring province confirms a finished month: the statement's net is cleared and the advance restored.</summary>
    [Alias("confirm"), AlwaysInterleave]
    Task<ClearingStatementView> ConfirmAsync(YearMonth period, string actor, string? note);
}

/// <summary>
/// Holds no stored state: the national ledger is the state. One activation per pair is the pair's only writer: its
/// calls queue their work, and one loop takes the queue in order, so sizing the year's advance and deciding a top-up
/// never race. The settlements that arrived while the previous write was committing are posted together, in arrival
/// order, in one transaction (a confirmation goes alone), so the pair is not a queue of one commit per settlement: the
/// national clearing of a busy pair kept every cross-province settlement waiting behind the others' commits. Every
/// movement id is derived from its fact (settlement id, year, top-up number, period), so a replayed call posts nothing
/// twice. The activation reads the pair's position from the ledger once and then keeps it: a batch costs one key
/// lookup and one write, not a sum over every posting of the pair ever.
/// </summary>
[GrainType("medical-clearing")]
public sealed class MedicalClearingGrain(
    MedicalClearingLedger ledger,
    EffectWriter writer,
    IOptions<MedicalPrepaymentOptions> options,
    TimeProvider clock) : Grain, IMedicalClearingGrain
{
    public static string KeyOf(RegionCode insuring, RegionCode care) => ProvincePair.Key(insuring, care);

    // This year's position as posted; null when unknown (first call, or a write whose outcome is not known).
    private MedicalPairPosition? _position;

    private string Insuring => this.GetPrimaryKeyString()[..6];

    private string Care => this.GetPrimaryKeyString()[7..];

    private MedicalPairClearing Clearing => new(Insuring, Care, options.Value.Policy);

    /// <summary>At most this many settlements are posted in one transaction.</summary>
    public const int MaxBatch = 256;

    private readonly Queue<Work> _work = new();
    private bool _writing;

    public Task RecordAsync(SettlementView settlement)
    {
        if (KeyOf(settlement.InsuringCity, settlement.CareCity) != this.GetPrimaryKeyString())
        {
            throw new JinBaoException(ErrorKind.InvalidInput, "clearing-pair-mismatch", $"Settlement {settlement.SettlementId} does not belong to the pair {this.GetPrimaryKeyString()}.");
        }

        if (settlement.Decision.FundPays == Money.Zero)
        {
            return Task.CompletedTask; // under the deductible: nothing to clear
        }

        var posting = new Posting(settlement);
        Enqueue(posting);
        return posting.Done.Task;
    }

    public Task<ClearingStatementView> ConfirmAsync(YearMonth period, string actor, string? note)
    {
        var confirmation = new Confirmation(period, actor, note);
        Enqueue(confirmation);
        return confirmation.Done.Task;
    }

    private void Enqueue(Work work)
    {
        _work.Enqueue(work);
        if (!_writing)
        {
            _writing = true;
            _ = WriteQueuedAsync(); // runs on the activation's scheduler; each call awaits its own completion
        }
    }

    /// <summary>The one writer: the queued settlements up to a confirmation together, a confirmation alone, in order.</summary>
    private async Task WriteQueuedAsync()
    {
        try
        {
            while (_work.TryPeek(out var next))
            {
                if (next is Confirmation confirmation)
                {
                    _work.Dequeue();
                    try
                    {
                        confirmation.Done.TrySetResult(await ConfirmNowAsync(confirmation));
                    }
                    catch (Exception exception)
                    {
                        confirmation.Done.TrySetException(exception);
                    }

                    continue;
                }

                var batch = new List<Posting>();
                while (batch.Count < MaxBatch && _work.TryPeek(out var queued) && queued is Posting posting)
                {
                    batch.Add(posting);
                    _work.Dequeue();
                }

                try
                {
                    await PostAsync(batch.Select(p => p.Settlement).ToList());
                    batch.ForEach(p => p.Done.TrySetResult());
                }
                catch (Exception exception)
                {
                    batch.ForEach(p => p.Done.TrySetException(exception)); // nothing of the batch is known posted: each caller retries
                }
            }
        }
        finally
        {
            _writing = false;
        }
    }

    /// <summary>Posts settlements in order against the pair's position, in one transaction; replays post nothing.</summary>
    private async Task PostAsync(IReadOnlyList<SettlementView> settlements)
    {
        var year = MedicalClearingLedger.PeriodOf(clock.GetUtcNow()).Year;
        var position = _position is { } kept && kept.Year == year ? kept : await ledger.PositionAsync(Insuring, Care, year);
        var posted = new HashSet<MovementId>(await ledger.PostedAsync(settlements.Select(s => s.SettlementId).Distinct().ToList()));
        var (effects, after) = Clearing.Post(position, settlements, posted);
        if (effects.IsEmpty)
        {
            return; // replays only
        }

        _position = null; // until the write is known to have committed
        await writer.DeliverAsync(effects);
        _position = after;
    }

    private async Task<ClearingStatementView> ConfirmNowAsync(Confirmation confirmation)
    {
        var (period, actor, note) = (confirmation.Period, confirmation.Actor, confirmation.Note);
        if (period >= MedicalClearingLedger.PeriodOf(clock.GetUtcNow()))
        {
            throw new JinBaoException(ErrorKind.RuleViolation, "clearing-period-open",
                $"{period} is not over: its statement is provisional until the month ends (spec §4.6 clears last month's settlements).");
        }

        var statement = await StatementAsync(period)
            ?? throw new JinBaoException(ErrorKind.NotFound, "clearing-statement-not-found", $"No medical settlements between {Insuring} and {Care} were posted in {period}.");
        if (statement.Confirmed)
        {
            return statement;
        }

        var effects = Clearing.Confirm(period, statement.Net, actor, note, clock.GetUtcNow());
        _position = null; // the clearing restores the advance: read it afresh
        await writer.DeliverAsync(effects);
        return (await StatementAsync(period))!;
    }

    private abstract record Work;

    private sealed record Posting(SettlementView Settlement) : Work
    {
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed record Confirmation(YearMonth Period, string Actor, string? Note) : Work
    {
        public TaskCompletionSource<ClearingStatementView> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private async Task<ClearingStatementView?> StatementAsync(YearMonth period) =>
        (await ledger.StatementsAsync(period, Insuring, Care)).SingleOrDefault(); // Insuring pays, Care is paid: one row at most
}
