using System.Text.Json.Serialization;

using JinBao.Primitives;

namespace JinBao.Ledger;

/// <summary>
/// The id of a ledger movement, derived from the business fact it records, so posting the fact again posts nothing
/// (the ledger's key is the movement id and leg). Every format is built here, next to the chart of accounts.
/// </summary>
/// <param name="Value">The id as stored in <c>jinbao_ledger_entries.movement_id</c>.</param>
[JsonConverter(typeof(TextIdJsonConverter<MovementId>))]
public readonly record struct MovementId(string Value) : ITextId<MovementId>
{
    /// <inheritdoc/>
    public static MovementId Of(string value) => new(value);

    /// <summary>A declared month's contribution.</summary>
    public static MovementId Contribution(CitizenId person, DeclarationId declaration) => new($"contribution:{person.Value}:{declaration.Value}");

    /// <summary>Year-end interest on one segment's individual account.</summary>
    public static MovementId Interest(CitizenId person, RegionCode city, int year) => new($"interest:{person.Value}:{city.Value}:{year}");

    /// <summary>The old place releases a transfer's funds from the person's accounts.</summary>
    public static MovementId TransferOut(TransferId transfer) => new($"transfer:{transfer}:out");

    /// <summary>The new place merges a transfer's funds into the person's accounts.</summary>
    public static MovementId TransferIn(TransferId transfer) => new($"transfer:{transfer}:in");

    /// <summary>The new place refunds the months a transfer brought that the person had paid twice.</summary>
    public static MovementId TransferRefund(TransferId transfer) => new($"transfer:{transfer}:refund");

    /// <summary>A transfer's funds between two provinces on the national ledger.</summary>
    public static MovementId FundsClearing(TransferId transfer) => new($"transfer:{transfer}:clearing");

    /// <summary>The insuring place's fund pays its part of an off-site settlement.</summary>
    public static MovementId MedicalSettled(SettlementId settlement) => new($"medical:{settlement.Value}:settle");

    /// <summary>The insuring place's fund takes its part of a reversed settlement back.</summary>
    public static MovementId MedicalReversed(SettlementId settlement) => new($"medical:{settlement.Value}:reverse");

    /// <summary>
    /// National: the care province paid the hospital from the advance. Not the insuring place's <see cref="MedicalSettled"/>:
    /// a standalone cluster keeps both books in one ledger, and each fact must post there once.
    /// </summary>
    public static MovementId MedicalPaid(SettlementId settlement) => new($"medical-paid:{settlement.Value}");

    /// <summary>National: the hospital pays a reversed settlement back into the advance.</summary>
    public static MovementId MedicalPaidReversed(SettlementId settlement) => new($"medical-paid:{settlement.Value}:reversed");

    /// <summary>National: the year's advance of insuring province S to care province K, re-sized each January.</summary>
    public static MovementId MedicalAdvance(string insuring, string care, int year) => new($"medical-advance:{insuring}:{care}:{year}");

    /// <summary>National: the pair's <paramref name="number"/>th top-up.</summary>
    public static MovementId MedicalTopUp(string insuring, string care, long number) => new($"medical-topup:{insuring}:{care}:{number}");

    /// <summary>National: the confirmed statement of <paramref name="period"/>.</summary>
    public static MovementId MedicalClearing(YearMonth period, string insuring, string care) => new($"medical-clearing:{period}:{insuring}:{care}");

    /// <summary>The id as text.</summary>
    public override string ToString() => Value;
}
