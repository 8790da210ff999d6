using JinBao.Agencies;
using JinBao.Effects;
using JinBao.Errors;
using JinBao.Exchange;
using JinBao.Grains.Agencies;
using JinBao.Grains.Effects;
using JinBao.Grains.Telemetry;
using JinBao.Pensions;
using JinBao.Persons;
using JinBao.Policies;
using JinBao.Primitives;
using JinBao.Transfers;

using Microsoft.Extensions.Logging;

namespace JinBao.Grains.Transfers;

/// <summary>
/// One pension transfer (spec §3.4). Each step saves its new status together with the work it starts
/// (<see cref="PendingWork"/>), then does the work against the person grain, which dedupes by transfer id. A crash at
/// any point leaves either the old step (redone) or the new one (continued): the release and the merge happen once. A
/// step taken on a received document is saved with its work instead, in one write: its document is delivered again
/// until that write is done.
/// While the transfer is open the cluster's sweep (<see cref="TransferSweeperGrain"/>) wakes it periodically: it resumes
/// pending work and escalates overdue steps.
/// </summary>
[GrainType("pension-transfer")]
public sealed partial class PensionTransferGrain(
    [PersistentState("pension-transfer", JinBaoStorage.ProviderName)] IPersistentState<TransferState> state,
    WorkingDayCalendar calendar,
    TransferPolicies policies,
    TransferStepProbe probe,
    JinBaoCluster cluster,
    TimeProvider clock,
    ILogger<PensionTransferGrain> logger) : Grain, IPensionTransferGrain, ITransferExchangeGrain, ITransferDeadlineGrain, IRemindable, IIncomingGrainCallFilter
{
    private static readonly TimeSpan ResumeDelay = TimeSpan.FromSeconds(5);

    private TransferStatus? _savedStatus;
    private EffectPipeline<TransferState>? _pipeline;
    private bool _resumeScheduled;

    private EffectPipeline<TransferState> Pipeline => _pipeline ??= new(this, state, logger, reloaded: ResumeSavedWork);

    private TransferId Id => new(this.GetPrimaryKey());

    private TransferProcess Process => new(Id, state.State, calendar, clock.GetUtcNow(), cluster);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _savedStatus = state.State.IsApplied ? state.State.Status : null;
        await Pipeline.DeliverSavedAsync();
        if (state.State.Pending != PendingWork.None)
        {
            // Resumed after a crash or a move: finish the saved step without waiting for the next reminder tick.
            ResumeSoon(TimeSpan.Zero);
        }
    }

    /// <summary>Before every call (reminder ticks included): see <see cref="EffectPipeline{TState}.InvokeOnKnownStateAsync"/>.</summary>
    public Task Invoke(IIncomingGrainCallContext context) => Pipeline.InvokeOnKnownStateAsync(context);

    public async Task<TransferView> ApplyAsync(ApplyForTransfer command)
    {
        if (state.State.IsApplied)
        {
            if (state.State.FromCity != command.FromCity || state.State.ToCity != command.ToCity || state.State.CitizenId != command.CitizenId.Value)
            {
                throw new JinBaoException(ErrorKind.RuleViolation, "transfer-id-reused", $"Transfer {Id} already exists for another application.");
            }

            return View();
        }

        if (!cluster.Serves(command.ToCity))
        {
            throw new JinBaoException(ErrorKind.RuleViolation, "transfer-apply-at-new-place",
                $"{command.ToCity.Value} ({command.ToCity.EnglishName}) is served by another province's platform: apply there, where the person is insured now (spec §3.4).");
        }

        await EnsureTransferableAsync(command);
        await ChangeAsync(process => process.Apply(command.CitizenId, command)); // with its open case: the sweep finds it from now on
        LogApplied(Id, command.CitizenId.Masked, command.FromCity.Value, command.ToCity.Value);
        await ContinueSavedWorkAsync();
        return View();
    }

    public async Task<TransferView> ApproveAsync(TransferDecision decision)
    {
        if (Process.IsRepeated("approve", decision))
        {
            await ContinueSavedWorkAsync(); // what the first attempt started, should it still be under way
            return View();
        }

        await EnsureReleasableForOtherProvinceAsync(decision);
        await ChangeAsync(process => process.Approve(decision));
        await ContinueSavedWorkAsync();
        return View();
    }

    public async Task<TransferView> RejectAsync(TransferDecision decision)
    {
        if (Process.IsRepeated("reject", decision))
        {
            return View();
        }

        await ChangeAsync(process => process.Reject(decision));
        return View();
    }

    public async Task<TransferView> CancelAsync(TransferDecision decision)
    {
        if (Process.IsRepeated("cancel", decision))
        {
            return View();
        }

        await ChangeAsync(process => process.Cancel(decision));
        return View();
    }

    public Task<TransferView> GetAsync()
    {
        if (!state.State.IsApplied)
        {
            throw new JinBaoException(ErrorKind.NotFound, "transfer-not-found", "No transfer has this id.");
        }

        return Task.FromResult(View());
    }

    public async Task<string> ReceiveDocumentAsync(ExchangeDocument document)
    {
        if (state.State.ProcessedDocuments.Contains(document.DocumentId))
        {
            return "duplicate";
        }

        // The step, the document id that dedupes it and the open case are saved in the write of the work the step starts
        // (a release or a merge, which the person grain dedupes by transfer id), once that work is done: one write, not
        // two. Were this silo to die before it, nothing of the step is saved and the inbox has not answered, so the
        // sender delivers the document again. A step that starts no work is saved at once.
        var opened = !state.State.IsApplied;
        var outcome = "";
        var savedVersion = state.Etag;
        await ChangeAsync(process => outcome = process.Receive(document), saveWithItsWork: true);
        if (opened && state.State.IsApplied)
        {
            LogOpenedByLetter(Id, CitizenId.Parse(state.State.CitizenId!).Masked, state.State.FromCity.Value, state.State.ToCity.Value);
        }

        try
        {
            await RunPendingWorkAsync();
            await ApplyPoliciesAsync();
        }
        catch (Exception exception)
        {
            if (!state.State.ProcessedDocuments.Contains(document.DocumentId))
            {
                throw; // a write failed and was undone, the step with it: the document is not applied, and is delivered again
            }

            if (state.Etag == savedVersion)
            {
                await SaveAsync(); // the step alone, with its work pending (storage not answering: delivered again)
            }

            // The document is applied (saved); the work it started is resumed soon, and by the sweep at the latest.
            LogWorkDeferred(exception, Id, state.State.Status);
            ResumeSoon(ResumeDelay);
            await Pipeline.EnsureStateKnownAsync(); // a failed write whose reload failed too: nothing is answered from memory
        }

        return outcome;
    }

    public async Task CheckAsync()
    {
        if (state.State.IsApplied && !state.State.IsFinal)
        {
            await RunPendingWorkAsync();
            await ApplyPoliciesAsync();
            if (Process.CheckDeadline())
            {
                await SaveAsync();
                JinBaoTelemetry.DeadlineEscalations.Add(1, new KeyValuePair<string, object?>("step", state.State.Status.ToString()));
                LogEscalated(Id, state.State.Status, state.State.DueOn);
            }
        }
    }

    /// <summary>
    /// A transfer opened by an earlier version still has its own "deadline" reminder (the sweep took its place): at its
    /// next tick the transfer is checked once more and the reminder removed.
    /// </summary>
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (await this.GetReminder(reminderName) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }

        await CheckAsync();
    }

    /// <summary>
    /// The saved work, resumed by a timer. While a system it needs is still down it tries again a few seconds later: a
    /// timer's failure is otherwise only logged, and the step would wait for the next deadline reminder, an hour away.
    /// </summary>
    /// <param name="stopping">Cancelled when the activation goes (a silo shutting down): then the next activation resumes.</param>
    private async Task ResumeOnceAsync(CancellationToken stopping)
    {
        _resumeScheduled = false;
        try
        {
            await Pipeline.EnsureStateKnownAsync(); // timers pass no call filter
            await RunPendingWorkAsync();
            await ApplyPoliciesAsync();
        }
        catch (Exception exception) when (exception is not JinBaoException { Kind: not ErrorKind.Unavailable } && !stopping.IsCancellationRequested)
        {
            LogWorkDeferred(exception, Id, state.State.Status);
            ResumeSoon(ResumeDelay);
        }
    }

    /// <summary>One resume timer at a time: each failed resume schedules the next.</summary>
    private void ResumeSoon(TimeSpan delay)
    {
        if (_resumeScheduled)
        {
            return;
        }

        _resumeScheduled = true;
        this.RegisterGrainTimer(ResumeOnceAsync, delay, Timeout.InfiniteTimeSpan);
    }

    /// <summary>
    /// After a reload: storage may hold a step whose write was answered with an error although it committed (the
    /// connection died before the reply). Its work is resumed now, not at the next reminder tick.
    /// </summary>
    private void ResumeSavedWork()
    {
        if (state.State.IsApplied && !state.State.IsFinal && (state.State.Pending != PendingWork.None || PolicyDecision() is not null))
        {
            ResumeSoon(TimeSpan.Zero);
        }
    }

    /// <summary>
    /// After a saved step (an application, an approval): the work it started (release, merge, auto-approvals) now. When a
    /// system it needs is down, the step still stands — it is saved — so the caller hears of it, and the work resumes in
    /// a few seconds rather than at the next deadline reminder. A rule that refuses the work is the caller's answer.
    /// </summary>
    private async Task ContinueSavedWorkAsync()
    {
        try
        {
            await RunPendingWorkAsync();
            await ApplyPoliciesAsync();
        }
        catch (Exception exception) when (exception is not JinBaoException { Kind: not ErrorKind.Unavailable })
        {
            LogWorkDeferred(exception, Id, state.State.Status);
            ResumeSoon(ResumeDelay);

            // The caller is answered from memory next: after a failed write whose reload failed too, memory may hold a
            // step storage does not (or miss one it does), so it is read again first, or the caller hears unavailable.
            await Pipeline.EnsureStateKnownAsync();
        }
    }

    /// <summary>Checks at application time what the release and merge would refuse later, so the applicant hears it at once.</summary>
    private async Task EnsureTransferableAsync(ApplyForTransfer command)
    {
        var record = await GrainFactory.GetPersonGrain(command.CitizenId).GetRecordAsync();
        var target = record.Segments.SingleOrDefault(s => s.Status == SegmentStatus.Active);
        if (target is null || target.City != command.ToCity)
        {
            throw new JinBaoException(ErrorKind.RuleViolation, "transfer-not-insured-at-new-place",
                $"Apply at the place where the person is insured now; enrol them at {command.ToCity.Value} first (spec §3.4).");
        }

        if (target.Kind == SegmentKind.Temporary)
        {
            // spec §3.3: the old place keeps the relationship; the temporary account is consolidated at retirement.
            throw new JinBaoException(ErrorKind.RuleViolation, "transfer-temporary-account",
                $"{command.ToCity.Value} holds a temporary account for this person (spec §3.3): the relationship stays at the old place.");
        }

        // Across provinces the old place's cluster holds that relationship and checks it when the contact letter arrives.
        if (cluster.Serves(command.FromCity) && !record.Segments.Any(s => s.City == command.FromCity && s.Status is SegmentStatus.Dormant or SegmentStatus.Sealed))
        {
            throw new JinBaoException(ErrorKind.RuleViolation, "transfer-nothing-to-release",
                $"The person has no relationship held at {command.FromCity.Value} that can be transferred.");
        }
    }

    /// <summary>
    /// The old place's clerk approves a letter from another province: the relationship must be here to release, said
    /// now rather than by a release that fails again at every reminder tick.
    /// </summary>
    private async Task EnsureReleasableForOtherProvinceAsync(TransferDecision decision)
    {
        if (state.State.Status != TransferStatus.ContactLetterIssued || state.State.Pending != PendingWork.None
            || cluster.Serves(state.State.ToCity) || decision.City != state.State.FromCity)
        {
            return;
        }

        IReadOnlyList<SegmentView> segments;
        try
        {
            segments = (await GrainFactory.GetPersonGrain(CitizenId.Parse(state.State.CitizenId!)).GetRecordAsync()).Segments;
        }
        catch (JinBaoException exception) when (exception.Kind == ErrorKind.NotFound)
        {
            segments = []; // the person was never insured in this province
        }

        if (!segments.Any(s => s.City == state.State.FromCity && s.Status is SegmentStatus.Dormant or SegmentStatus.Sealed))
        {
            throw new JinBaoException(ErrorKind.RuleViolation, "transfer-nothing-to-release",
                $"The person has no relationship held at {state.State.FromCity.Value} that can be transferred (it must be one they no longer contribute to); reject the transfer with the reason.");
        }
    }

    /// <summary>
    /// Per-city auto-approval (e.g. Chengdu approves complete applications at once), for the cities this cluster serves.
    /// Every change already takes the approvals its new step makes due (<see cref="ApproveByPolicy"/>); this catches a
    /// transfer saved before that, or whose policy changed since.
    /// </summary>
    private async Task ApplyPoliciesAsync()
    {
        while (PolicyDecision() is not null)
        {
            await ChangeAsync(_ => { });
            await RunPendingWorkAsync();
        }
    }

    /// <summary>
    /// The approvals a city's policy makes at once, taken in the same write as the step that made them due (one commit,
    /// not one per step). Stops at an approval that leaves work to do (the release): that work is the next write.
    /// </summary>
    private void ApproveByPolicy(TransferProcess process)
    {
        while (PolicyDecision() is { } decision)
        {
            process.Approve(decision);
        }
    }

    private TransferDecision? PolicyDecision() =>
        state.State.IsApplied && state.State.Pending == PendingWork.None && Process.AwaitingCity is { } city && cluster.Serves(city)
            && policies.AutoApproves(city, state.State.Status)
            ? new TransferDecision(city, $"auto-approved by {city.Value}'s policy", new Requester($"policy:{city.Value}", null))
            : null;

    /// <summary>Does the saved pending work; every call it makes is idempotent, so doing it again after a crash is safe.</summary>
    private async Task RunPendingWorkAsync()
    {
        var person = GrainFactory.GetGrain<ITransferPartyGrain>(state.State.CitizenId!);
        var request = state.State.PendingRequest ?? Requester.System;
        if (state.State.Pending == PendingWork.Release)
        {
            await probe.BeforeAsync(Id, PendingWork.Release);
            var certificate = await person.ReleaseForTransferAsync(new ReleaseForTransfer(Id, state.State.FromCity, state.State.ToCity, Process.Today, request,
                ViaNationalClearing: !cluster.Serves(state.State.ToCity)));
            await ChangeAsync(process => process.Released(certificate));
        }

        if (state.State.Pending == PendingWork.Merge)
        {
            await probe.BeforeAsync(Id, PendingWork.Merge);
            var result = await person.MergeTransferAsync(new MergeTransfer(state.State.Certificate!, state.State.ToCity, Process.Today, request,
                ViaNationalClearing: !cluster.Serves(state.State.FromCity)));
            await ChangeAsync(process => process.Merged(result));
            LogCompleted(Id);
        }
    }

    /// <summary>Applies a transition and saves it with its audit events, documents and queue rows in one write.</summary>
    /// <param name="saveWithItsWork">
    /// Leaves a transition that starts work (<see cref="PendingWork"/>) unsaved in memory, for the write of that work to
    /// save both: only for a step whose trigger is delivered again until it is applied (a received document).
    /// </param>
    private async Task ChangeAsync(Action<TransferProcess> change, bool saveWithItsWork = false)
    {
        await Pipeline.ChangeAsync(() =>
        {
            var process = Process;
            change(process);
            ApproveByPolicy(process);
            QueueAgencyCases();
        }, saveWhen: () => !saveWithItsWork || state.State.Pending == PendingWork.None);
        CountStep();
    }

    private async Task SaveAsync()
    {
        QueueAgencyCases();
        await Pipeline.SaveAsync();
        CountStep();
    }

    private void CountStep()
    {
        if (_savedStatus != state.State.Status)
        {
            _savedStatus = state.State.Status;
            JinBaoTelemetry.TransferSteps.Add(1, new KeyValuePair<string, object?>("step", state.State.Status.ToString()));
        }
    }

    /// <summary>
    /// Keeps the queues of the agencies this cluster serves current: their rows are written with the step, in its
    /// transaction, so a queue never shows a step that was not saved nor misses one that was. The open rows are also
    /// what the sweep wakes.
    /// </summary>
    private void QueueAgencyCases()
    {
        if (!state.State.IsApplied)
        {
            return;
        }

        var process = Process;
        var masked = CitizenId.Parse(state.State.CitizenId!).Masked;
        var escalated = state.State.Escalations.Any(e => e.Step == state.State.Status);
        foreach (var (city, side) in new[] { (state.State.FromCity, TransferSide.Old), (state.State.ToCity, TransferSide.New) }.Where(c => cluster.Serves(c.Item1)))
        {
            state.State.Effects.Add(new AgencyCaseRow(city.Value, Id.Value, masked, AgencyCases.Name(side), AgencyCases.Name(state.State.Status),
                process.AwaitingSide == side, state.State.DueOn, escalated, Open: !state.State.IsFinal));
        }
    }

    private TransferView View() => Process.ToView();

    [LoggerMessage(Level = LogLevel.Information, Message = "Transfer {TransferId} applied for {MaskedCitizenId} from {FromCity} to {ToCity}")]
    private partial void LogApplied(TransferId transferId, string maskedCitizenId, string fromCity, string toCity);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Transfer {TransferId} is overdue at {Status} (due {DueOn}); escalated")]
    private partial void LogEscalated(TransferId transferId, TransferStatus status, DateOnly? dueOn);

    [LoggerMessage(Level = LogLevel.Information, Message = "Transfer {TransferId} opened by a contact letter for {MaskedCitizenId} from {FromCity} to {ToCity}")]
    private partial void LogOpenedByLetter(TransferId transferId, string maskedCitizenId, string fromCity, string toCity);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Transfer {TransferId} at {Status}: the work after a received document failed; it is retried")]
    private partial void LogWorkDeferred(Exception exception, TransferId transferId, TransferStatus status);

    [LoggerMessage(Level = LogLevel.Information, Message = "Transfer {TransferId} completed")]
    private partial void LogCompleted(TransferId transferId);
}
