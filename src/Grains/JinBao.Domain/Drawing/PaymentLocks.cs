namespace JinBao.Drawing;

/// <summary>
/// The transaction-level advisory lock of a province's payments: each payment chunk holds it shared, a death's
/// recovery case takes it exclusively, so a case never misses a line a chunk was committing at the same moment.
/// </summary>
public static class PaymentLocks
{
    /// <summary>The first key of the two-key advisory lock, reserved for pension payments.</summary>
    public const int Namespace = 7007;

    /// <summary>
    /// The second key of national's comparison of payment rolls (no province code is 0): one roll at a time, so two
    /// provinces' rolls applied at the same moment cannot each miss the other's uncommitted lines.
    /// </summary>
    public const int NationalRolls = 0;

    /// <summary>The second key: the province code as a number.</summary>
    public static int KeyOf(string province) => int.Parse(province, System.Globalization.CultureInfo.InvariantCulture);
}
