using FsCheck.Xunit;

using JinBao.Drawing;
using JinBao.Primitives;

namespace JinBao.UnitTests.Drawing;

public sealed class PaymentRollProperties
{
    private static readonly YearMonth RunMonth = new(2027, 1);

    /// <summary>
    /// A run's payees cut into roll parts: every payee in exactly one part, in order, and every part within both limits
    /// (so national never refuses a roll the province wrote). Month counts are drawn large enough to force cuts by months
    /// as well as by persons.
    /// </summary>
    [Property(MaxTest = 100)]
    public bool Parts_KeepEveryPayeeOnceInOrder_WithinBothLimits(ushort persons, byte[] backPay)
    {
        var payees = Enumerable.Range(0, persons % 12_000).Select(i => new PaidPerson(
            $"S{i:D17}",
            [.. Enumerable.Range(0, 1 + (backPay.Length == 0 ? 0 : backPay[i % backPay.Length] % 40)).Select(m => RunMonth.AddMonths(-m))])).ToList();

        var parts = PaymentRollPayload.Parts(payees).ToList();
        var valid = parts.Select((part, index) => new PaymentRollPayload(RegionCode.Parse("440000"), RunMonth, index, part)).All(payload =>
        {
            payload.Validate();
            return payload.Payees.Count > 0;
        });
        return valid && parts.SelectMany(p => p).SequenceEqual(payees);
    }
}
