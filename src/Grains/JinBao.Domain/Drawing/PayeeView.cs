using JinBao.Primitives;

namespace JinBao.Drawing;

/// <summary>The retiree as the drawing place pays them: where, to which account, verified until when.</summary>
/// <param name="DrawingProvince">The province that pays (待遇领取地).</param>
/// <param name="DrawingCity">The drawing city.</param>
/// <param name="ResidenceRegion">Where the retiree lives now.</param>
/// <param name="Bank">The payee bank's code.</param>
/// <param name="BankAccountMasked">The payee account, all but the last four characters masked.</param>
/// <param name="BaseMonthlyPension">The monthly pension fixed at retirement, before adjustments.</param>
/// <param name="FirstPaymentMonth">The first month paid.</param>
/// <param name="VerifiedUntil">Payment continues for months starting on or before this day; later, the person is suspended until verified again.</param>
/// <param name="DeathMonth">The month of death when notified: the last month paid.</param>
[GenerateSerializer, Immutable, Alias("jinbao.payee")]
public sealed record PayeeView(
    RegionCode DrawingProvince,
    RegionCode DrawingCity,
    RegionCode ResidenceRegion,
    string Bank,
    string BankAccountMasked,
    Money BaseMonthlyPension,
    YearMonth FirstPaymentMonth,
    DateOnly VerifiedUntil,
    YearMonth? DeathMonth)
{
    /// <summary>A bank account as shown outside the payment run: all but the last four characters masked.</summary>
    public static string MaskAccount(string account) => account.Length <= 4 ? account : new string('*', account.Length - 4) + account[^4..];
}

/// <summary>What a death notification settled for the relatives (spec §5); the recovery of overpaid months is a case in the drawing province.</summary>
/// <param name="Payee">The closed payee record.</param>
/// <param name="FuneralGrant">丧葬补助金, per the drawing province's parameters.</param>
/// <param name="SurvivorBenefit">抚恤金, per the drawing province's parameters.</param>
/// <param name="InheritableBalance">The individual-account balance not yet drawn, to be inherited.</param>
[GenerateSerializer, Immutable, Alias("jinbao.death-settlement")]
public sealed record DeathSettlement(PayeeView Payee, Money FuneralGrant, Money SurvivorBenefit, Money InheritableBalance);
