using JinBao.Primitives;

namespace JinBao.Transfers;

/// <summary>One step of the transfer's timeline.</summary>
[GenerateSerializer, Immutable, Alias("jinbao.transfer-step")]
public sealed record TransferStepView(TransferStatus Status, DateTimeOffset At, string Actor, string? Note);

/// <summary>A deadline passed without the step being done (an escalation to the responsible agency).</summary>
[GenerateSerializer, Immutable, Alias("jinbao.transfer-escalation")]
public sealed record TransferEscalationView(TransferStatus Step, RegionCode ResponsibleCity, DateOnly DueOn, DateTimeOffset RaisedAt);

/// <summary>What the old place released (the transfer information form, 转移接续信息表).</summary>
[GenerateSerializer, Immutable, Alias("jinbao.transfer-amounts")]
public sealed record TransferAmountsView(
    int Months,
    Money IndividualAccount,
    Money PooledFund,
    bool FundsMove,
    bool TemporaryAccount);

/// <summary>The status of a transfer as a clerk, a city system or the person sees it.</summary>
[GenerateSerializer, Immutable, Alias("jinbao.transfer-view")]
public sealed record TransferView(
    TransferId Id,
    CitizenId CitizenId,
    RegionCode FromCity,
    RegionCode ToCity,
    TransferStatus Status,
    TransferSide? AwaitingSide,
    RegionCode? AwaitingCity,
    DateOnly? DueOn,
    TransferAmountsView? Amounts,
    int DuplicateMonthsRefunded,
    Money Refunded,
    string? RejectionReason,
    IReadOnlyList<TransferStepView> Timeline,
    IReadOnlyList<TransferEscalationView> Escalations);
