using JinBao.Primitives;

namespace JinBao.Drawing;

/// <summary>A monthly payment run of a drawing province and its progress (readable while it runs).</summary>
/// <param name="Province">The drawing province.</param>
/// <param name="Month">The month paid.</param>
/// <param name="Status"><c>running</c> or <c>completed</c>.</param>
/// <param name="PayeesExpected">Payee records of the province when the run started.</param>
/// <param name="Suspended">Records suspended by this run because their verification expired.</param>
/// <param name="ChunksDone">Chunks of payees committed so far.</param>
/// <param name="PayeesPaid">Persons paid so far.</param>
/// <param name="Lines">Payment lines so far (a back-paid person has several).</param>
/// <param name="Total">The amount so far.</param>
/// <param name="StartedAt">When the run started.</param>
/// <param name="CompletedAt">When it completed; null while running.</param>
[GenerateSerializer, Immutable, Alias("jinbao.payment-run")]
public sealed record PaymentRunView(
    RegionCode Province,
    YearMonth Month,
    string Status,
    long PayeesExpected,
    long Suspended,
    int ChunksDone,
    long PayeesPaid,
    long Lines,
    Money Total,
    DateTimeOffset StartedAt,
    DateTimeOffset? CompletedAt);

/// <summary>The batch of one run for one bank, posted to the ledger as one movement.</summary>
/// <param name="Bank">The bank's code.</param>
/// <param name="Lines">Payment lines in the batch.</param>
/// <param name="Total">The batch total.</param>
/// <param name="MovementId">The ledger movement that posted it.</param>
[GenerateSerializer, Immutable, Alias("jinbao.payment-batch")]
public sealed record PaymentBatchView(string Bank, long Lines, Money Total, string MovementId);

/// <summary>A recovery case opened by a death: the months paid after the death month and their amount (spec §5).</summary>
/// <param name="CitizenId">The deceased.</param>
/// <param name="Province">The drawing province that recovers.</param>
/// <param name="DeathMonth">The last month due.</param>
/// <param name="OverpaidMonths">The months paid after the death month.</param>
/// <param name="Overpayment">Their total, to be recovered (and offset against survivor benefits).</param>
/// <param name="FuneralGrant">丧葬补助金 due.</param>
/// <param name="SurvivorBenefit">抚恤金 due.</param>
/// <param name="InheritableBalance">Individual-account balance to be inherited.</param>
/// <param name="Status"><c>open</c>, or <c>nothing-to-recover</c>.</param>
/// <param name="OpenedAt">When the case was opened.</param>
[GenerateSerializer, Immutable, Alias("jinbao.recovery-case")]
public sealed record RecoveryCaseView(
    CitizenId CitizenId,
    RegionCode Province,
    YearMonth DeathMonth,
    IReadOnlyList<YearMonth> OverpaidMonths,
    Money Overpayment,
    Money FuneralGrant,
    Money SurvivorBenefit,
    Money InheritableBalance,
    string Status,
    DateTimeOffset OpenedAt);

/// <summary>One month of a person's pension as a payment run paid it.</summary>
/// <param name="ForMonth">The month the payment is for.</param>
/// <param name="RunMonth">The run that paid it: a later run than <paramref name="ForMonth"/> is back-pay (补发).</param>
/// <param name="Bank">The payee bank's code.</param>
/// <param name="BankAccountMasked">The account paid into, masked.</param>
/// <param name="Amount">What was paid for the month, adjustments included.</param>
[GenerateSerializer, Immutable, Alias("jinbao.payment-line")]
public sealed record PaymentLineView(YearMonth ForMonth, YearMonth RunMonth, string Bank, string BankAccountMasked, Money Amount);
