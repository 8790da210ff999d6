using System.ComponentModel.DataAnnotations;

using JinBao.Api.Validation;
using JinBao.Transfers;

namespace JinBao.Api.Transfers;

/// <summary>Apply, at the new place (the calling city system's city), to move the person's relationship from <paramref name="FromCity"/>.</summary>
/// <param name="CitizenId">The person, now insured in the caller's city.</param>
/// <param name="FromCity">The old insuring city whose relationship moves here.</param>
public sealed record ApplyForTransferRequest(
    [property: Required, CitizenIdNumber] string? CitizenId,
    [property: Required, RegionCodeValue(CityOnly = true)] string? FromCity) : ICitizenRequest;

/// <summary>An approval or a withdrawal, with an optional note for the timeline.</summary>
/// <param name="Reason">Shown on the timeline; up to 500 characters.</param>
public sealed record TransferDecisionRequest([property: StringLength(500)] string? Reason) : IApiRequest;

/// <summary>A rejection: the reason tells the applicant what is wrong and what to do (e.g. arrears to settle first).</summary>
/// <param name="Reason">Required, 1–500 characters.</param>
public sealed record RejectTransferRequest([property: Required, StringLength(500, MinimumLength = 1)] string? Reason) : IApiRequest;

/// <summary>One step of the timeline.</summary>
public sealed record TransferStepResponse(TransferStatus Status, DateTimeOffset At, string Actor, string? Note);

/// <summary>A deadline that passed without the step being done.</summary>
public sealed record TransferEscalationResponse(TransferStatus Step, string ResponsibleCity, DateOnly DueOn, DateTimeOffset RaisedAt);

/// <summary>What the old place released; amounts in fen.</summary>
public sealed record TransferAmountsResponse(int Months, long IndividualAccountFen, long PooledFundFen, bool FundsMove, bool TemporaryAccount);

/// <summary>A transfer's status, who must act next and by when, its timeline and escalations.</summary>
/// <param name="AwaitingCity">The city whose decision is awaited now; null when none is (final, or work in progress).</param>
/// <param name="DueOn">The statutory deadline of the current step (15 working days).</param>
/// <param name="Escalated">True when the current step is overdue and escalated: only a supervisor or the city system may decide it.</param>
public sealed record TransferResponse(
    Guid Id,
    string CitizenId,
    string FromCity,
    string ToCity,
    TransferStatus Status,
    TransferSide? AwaitingSide,
    string? AwaitingCity,
    DateOnly? DueOn,
    bool Escalated,
    TransferAmountsResponse? Amounts,
    int DuplicateMonthsRefunded,
    long RefundedFen,
    string? RejectionReason,
    IReadOnlyList<TransferStepResponse> Timeline,
    IReadOnlyList<TransferEscalationResponse> Escalations);

public static class TransferMappings
{
    /// <summary>True when the step awaiting a decision now is overdue and was escalated.</summary>
    public static bool IsEscalated(this TransferView view) => view.Escalations.Any(e => e.Step == view.Status && e.DueOn == view.DueOn);

    public static TransferResponse ToResponse(this TransferView view) => new(
        view.Id.Value,
        view.CitizenId.Value,
        view.FromCity.Value,
        view.ToCity.Value,
        view.Status,
        view.AwaitingSide,
        view.AwaitingCity?.Value,
        view.DueOn,
        view.IsEscalated(),
        view.Amounts is { } a ? new TransferAmountsResponse(a.Months, a.IndividualAccount.Fen, a.PooledFund.Fen, a.FundsMove, a.TemporaryAccount) : null,
        view.DuplicateMonthsRefunded,
        view.Refunded.Fen,
        view.RejectionReason,
        view.Timeline.Select(s => new TransferStepResponse(s.Status, s.At, s.Actor, s.Note)).ToList(),
        view.Escalations.Select(e => new TransferEscalationResponse(e.Step, e.ResponsibleCity.Value, e.DueOn, e.RaisedAt)).ToList());
}
