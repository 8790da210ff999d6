namespace JinBao.Ledger;

/// <summary>
/// The kinds of ledger movement (the <c>kind</c> of <c>jinbao_ledger_entries</c>), one per business fact, so a fund's
/// balance can be explained by kind. The clearing statements and positions select by these names.
/// </summary>
public static class MovementKinds
{
    /// <summary>A declared month's contribution credited to the person's accounts (征缴).</summary>
    public const string Contribution = "contribution";

    /// <summary>Year-end interest credited to an individual account.</summary>
    public const string Interest = "interest";

    /// <summary>The old place releases a transfer's funds (individual account + 12 % of the pooled bases).</summary>
    public const string TransferOut = "transfer-out";

    /// <summary>The new place merges a transfer's funds.</summary>
    public const string TransferIn = "transfer-in";

    /// <summary>Contributions paid twice for the same months, refunded on merge (重复缴费清退).</summary>
    public const string DuplicateRefund = "duplicate-refund";

    /// <summary>National ledger: a transfer's funds between two provinces' clearing positions (清算单).</summary>
    public const string FundsClearing = "funds-clearing";

    /// <summary>The fund's part of an off-site bill, owed to the care province (insuring side), or paid to its hospitals out of the advance (national).</summary>
    public const string MedicalSettlement = "medical-settlement";

    /// <summary>A settled off-site bill reversed: the opposite of <see cref="MedicalSettlement"/>.</summary>
    public const string MedicalReversal = "medical-reversal";

    /// <summary>National ledger: the insuring province's yearly advance to a care province (预付).</summary>
    public const string MedicalAdvance = "medical-advance";

    /// <summary>National ledger: a top-up of an advance once most of it is used.</summary>
    public const string MedicalTopUp = "medical-topup";

    /// <summary>National ledger: a confirmed monthly statement's net, restoring the advance.</summary>
    public const string MedicalClearing = "medical-clearing";

    /// <summary>A province's monthly pension payment run, per paying bank.</summary>
    public const string PensionPayment = "pension-payment";
}
