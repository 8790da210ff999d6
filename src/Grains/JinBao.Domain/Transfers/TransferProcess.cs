using System.Text.Json;

using JinBao.Effects;
using JinBao.Errors;
using JinBao.Exchange;
using JinBao.Pensions;
using JinBao.Persons;
using JinBao.Primitives;

namespace JinBao.Transfers;

/// <summary>
/// The transfer saga's state machine (spec §3.4), pure: which decision is awaited from which city, what each decision
/// leads to, the 15-working-day deadline of each step and its escalation. The grain does the I/O.
/// </summary>
/// <remarks>
/// Across provinces the same saga runs in two clusters under one transfer id, each deciding for the cities it serves
/// (<paramref name="cluster"/>): a step whose next part belongs to the other province queues the document that carries
/// it (in the same state write), and the other side's grain continues from that document.
/// </remarks>
public sealed partial class TransferProcess(TransferId id, TransferState state, WorkingDayCalendar calendar, DateTimeOffset now, JinBaoCluster? cluster = null)
{
    private readonly JinBaoCluster _cluster = cluster ?? JinBaoCluster.Standalone;

    /// <summary>Each step's statutory limit (spec §3.4: ≤ 15 WD at the new place, the old place, the new place).</summary>
    public const int StepWorkingDays = 15;


    /// <summary>Today in China: deadlines are counted on the PRC calendar, whatever the server's zone.</summary>
    public DateOnly Today => ChinaTime.DateOf(now);

    public TransferState State => state;

    /// <summary>Which side must act next, or null when nothing is awaited from a person (final, or work in progress).</summary>
    public TransferSide? AwaitingSide => state.Status switch
    {
        TransferStatus.Applied => TransferSide.New,
        TransferStatus.ContactLetterIssued when state.Pending == PendingWork.None => TransferSide.Old,
        TransferStatus.CertificateAndFundsSent => TransferSide.New,
        _ => null,
    };

    public RegionCode? AwaitingCity => AwaitingSide switch
    {
        TransferSide.New => state.ToCity,
        TransferSide.Old => state.FromCity,
        _ => null,
    };

    public void Apply(CitizenId citizenId, ApplyForTransfer command)
    {
        state.CitizenId = citizenId.Value;
        state.FromCity = command.FromCity;
        state.ToCity = command.ToCity;
        EnterStep(TransferStatus.Applied, command.Request.Actor, $"applied at {command.ToCity.Value} to move the relationship from {command.FromCity.Value}");
    }

    /// <summary>
    /// Whether this decision is a request already applied (same kind, caller and request id): its first attempt changed
    /// the transfer and its answer was lost, so the retry is answered with the transfer as it is now.
    /// </summary>
    public bool IsRepeated(string kind, TransferDecision decision) =>
        DecisionKey(kind, decision) is { } key && state.DecisionRequests.Contains(key);

    /// <summary>An approval by the awaited city: the new place's review sends the contact letter; the old place's processing releases.</summary>
    public void Approve(TransferDecision decision)
    {
        EnsureAwaitedDecision(decision);
        Remember("approve", decision);
        if (state.Status == TransferStatus.Applied)
        {
            EnterStep(TransferStatus.ContactLetterIssued, decision.Request.Actor, decision.Reason ?? "contact letter (联系函) issued");
            if (!IsLocal(state.FromCity))
            {
                Send(DocumentTypes.ContactLetter, state.FromCity, new ContactLetterPayload(state.FromCity, state.ToCity, decision.Request.Actor, decision.Reason));
            }

            return;
        }

        // spec §3.4 OLD step: checked for arrears and approved; the release itself is saved as pending work first. The
        // approval is not a step of its own: the release step it starts carries its actor and note, so each step shows once.
        state.Pending = PendingWork.Release;
        state.PendingRequest = decision.Request;
        state.ApprovalNote = decision.Reason;
    }

    public void Reject(TransferDecision decision)
    {
        EnsureAwaitedDecision(decision);
        if (string.IsNullOrWhiteSpace(decision.Reason))
        {
            throw new JinBaoException(ErrorKind.InvalidInput, "transfer-reject-reason-required",
                "A rejection needs a written reason that tells the applicant what to do (spec §3.4).");
        }

        Remember("reject", decision);
        state.RejectionReason = decision.Reason;
        var letterReceived = state.Status == TransferStatus.ContactLetterIssued;
        Finish(TransferStatus.Rejected, decision.Request.Actor, decision.Reason);
        if (letterReceived && !IsLocal(state.ToCity))
        {
            Send(DocumentTypes.RejectionNotice, state.ToCity, new RejectionPayload(decision.City, decision.Reason, decision.Request.Actor));
        }
    }

    public void Cancel(TransferDecision decision)
    {
        EnsureApplied();
        if (state.Status is not (TransferStatus.Applied or TransferStatus.ContactLetterIssued) || state.Pending != PendingWork.None)
        {
            throw new JinBaoException(ErrorKind.RuleViolation, "transfer-cancel-too-late",
                $"The transfer is {state.Status}; it can be withdrawn only before the old place releases the relationship.");
        }

        if (decision.City != state.ToCity)
        {
            throw new JinBaoException(ErrorKind.RuleViolation, "transfer-cancel-not-applicant",
                $"Only the new place ({state.ToCity.Value}), where the application was made, can withdraw it.");
        }

        if (state.Status == TransferStatus.ContactLetterIssued && !IsLocal(state.FromCity))
        {
            throw new JinBaoException(ErrorKind.RuleViolation, "transfer-cancel-letter-sent",
                $"The contact letter has gone to {state.FromCity.Value} in another province, which may be releasing already; ask its agency to reject the transfer instead.");
        }

        Remember("cancel", decision);
        Finish(TransferStatus.Cancelled, decision.Request.Actor, decision.Reason ?? "withdrawn by the applicant");
    }

    private void Remember(string kind, TransferDecision decision)
    {
        if (DecisionKey(kind, decision) is { } key)
        {
            state.DecisionRequests.Add(key);
        }
    }

    // Decisions without a request id (the platform's own, by an agency's policy) are never repeated by a client.
    private static string? DecisionKey(string kind, TransferDecision decision) =>
        decision.Request.RequestId is { Length: > 0 } requestId ? $"{kind}:{decision.Request.Actor}:{requestId}" : null;

    /// <summary>
    /// The old place released the form and funds: the new place now merges (automatically). The step's actor is whoever
    /// approved the release at the old place, also when the form came from another province (<paramref name="releasedBy"/>).
    /// </summary>
    public void Released(TransferCertificate certificate, string? releasedBy = null)
    {
        state.Certificate = certificate;
        if (!IsLocal(state.ToCity))
        {
            ReleasedToOtherProvince(certificate);
            return;
        }

        state.Pending = PendingWork.Merge;
        EnterStep(TransferStatus.CertificateAndFundsSent, releasedBy ?? state.PendingRequest?.Actor ?? "system",
            ApprovedAt(state.FromCity) + (certificate.FundsMove
                ? $"form and funds sent: individual account {certificate.IndividualAccount}, pooled fund {certificate.PooledFund}"
                : "form sent; both places share one pooling area, so no funds move"));
    }

    /// <summary>How the release was decided: "approved at 440300 (no arrears); " here, or where it came from.</summary>
    private string ApprovedAt(RegionCode city) =>
        IsLocal(city)
            ? $"approved at {city.Value}{(state.ApprovalNote is { Length: > 0 } note ? $" ({note})" : "")}; "
            : $"approved at {city.Value}, received through the national exchange; ";

    public void Merged(MergeResult result)
    {
        state.Merge = result;
        // The merge follows the release by itself: the platform, not whoever approved the release, completes it.
        Finish(TransferStatus.Completed, Requester.System.Actor,
            $"merged {result.MonthsMerged} months; {result.DuplicateMonths} duplicate months cleared, {result.Refunded} refunded");
        if (!IsLocal(state.FromCity))
        {
            // Completed here and the acknowledgement come from this one write. National moves custody at the person
            // index as it forwards the acknowledgement: one document tells both.
            Send(DocumentTypes.Acknowledgement, state.FromCity, new AcknowledgementPayload(result, state.ToCity));
        }
    }

    /// <summary>Raises an escalation when the current step is past its deadline; once per step. True when one was raised.</summary>
    public bool CheckDeadline()
    {
        if (state.IsFinal || state.DueOn is not { } due || Today <= due || state.Escalations.Any(e => e.Step == state.Status && e.DueOn == due)
            || (AwaitingCity is { } awaited && !IsLocal(awaited)))
        {
            return false; // a step awaited in another province is escalated by that province's grain
        }

        state.Escalations.Add(new TransferEscalationView(state.Status, AwaitingCity ?? state.ToCity, due, now));
        Record(new TransferStepView(state.Status, now, "system", $"overdue: due {due:yyyy-MM-dd}, escalated to {(AwaitingCity ?? state.ToCity).Value}"),
            escalatedTo: AwaitingCity ?? state.ToCity);
        return true;
    }

    public TransferView ToView() => new(
        id,
        CitizenId.Parse(state.CitizenId!),
        state.FromCity,
        state.ToCity,
        state.Status,
        AwaitingSide,
        AwaitingCity,
        state.DueOn,
        state.Certificate is { } c ? new TransferAmountsView(c.Months.Count, c.IndividualAccount, c.PooledFund, c.FundsMove, c.Kind == SegmentKind.Temporary) : null,
        state.Merge?.DuplicateMonths ?? 0,
        state.Merge?.Refunded ?? Money.Zero,
        state.RejectionReason,
        state.Timeline.ToList(),
        state.Escalations.ToList());

    /// <summary>Adds a timeline entry and the matching audit event (saved in the same write as the transition).</summary>
    /// <param name="step">The step done (or, for a deadline passed, the step still awaited).</param>
    /// <param name="escalatedTo">For a deadline passed: the agency it is escalated to (the supervision rule reads it).</param>
    private void Record(TransferStepView step, RegionCode? escalatedTo = null)
    {
        state.Timeline.Add(step);
        var stream = $"transfer:{id}";
        state.Effects.Add(new AuditEvent($"{stream}:{state.Timeline.Count}", stream, $"transfer-{step.Status.ToString().ToLowerInvariant()}",
            step.Actor, null, JsonSerializer.Serialize(new
            {
                citizenId = state.CitizenId,
                from = state.FromCity.Value,
                to = state.ToCity.Value,
                status = step.Status.ToString(),
                note = step.Note,
                dueOn = state.DueOn,
                escalatedTo = escalatedTo?.Value,
            }), step.At));
    }

    private void EnsureApplied()
    {
        if (!state.IsApplied)
        {
            throw new JinBaoException(ErrorKind.NotFound, "transfer-not-found", "No transfer has this id.");
        }
    }

    private void EnsureAwaitedDecision(TransferDecision decision)
    {
        EnsureApplied();
        var awaited = state.Status switch
        {
            TransferStatus.Applied => state.ToCity,
            TransferStatus.ContactLetterIssued when state.Pending == PendingWork.None => state.FromCity,
            _ => (RegionCode?)null,
        };
        if (awaited is null)
        {
            throw new JinBaoException(ErrorKind.RuleViolation, "transfer-no-decision-awaited",
                $"The transfer is {state.Status}; no clerk decision is awaited now.");
        }

        if (decision.City != awaited)
        {
            throw new JinBaoException(ErrorKind.RuleViolation, "transfer-decision-wrong-place",
                $"The decision awaited now belongs to {awaited.Value.Value}, not {decision.City.Value}.");
        }

        if (!IsLocal(awaited.Value))
        {
            throw new JinBaoException(ErrorKind.RuleViolation, "transfer-decision-other-province",
                $"The decision awaited now belongs to {awaited.Value.Value} ({awaited.Value.EnglishName}), which another province's platform serves; its clerk decides there.");
        }
    }

    private void EnterStep(TransferStatus status, string actor, string note)
    {
        state.Status = status;
        state.StepStartedOn = Today;
        state.DueOn = DueAfter(Today);
        Record(new TransferStepView(status, now, actor, note));
    }

    private void Finish(TransferStatus status, string actor, string? note)
    {
        state.Status = status;
        state.Pending = PendingWork.None;
        state.PendingRequest = null;
        state.DueOn = null;
        Record(new TransferStepView(status, now, actor, note));
    }

    /// <summary>The step's deadline; null (and said so on the timeline) when the calendar does not cover the year yet.</summary>
    private DateOnly? DueAfter(DateOnly start)
    {
        try
        {
            return calendar.AddWorkingDays(start, StepWorkingDays);
        }
        catch (CalendarYearNotCoveredException exception)
        {
            Record(new TransferStepView(state.Status, now, "system", $"deadline not computed: {exception.Message}"));
            return null;
        }
    }
}
