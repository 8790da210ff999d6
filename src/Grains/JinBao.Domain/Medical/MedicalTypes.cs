using JinBao.Primitives;

namespace JinBao.Medical;

/// <summary>The class of a catalogue item (spec §4.3).</summary>
public enum ItemClass
{
    /// <summary>甲类: in scope in full.</summary>
    A,

    /// <summary>乙类: in scope after the pay-first share (先行自付).</summary>
    B,

    /// <summary>丙类 or outside the catalogue: fully self-paid (全自费).</summary>
    C,
}

/// <summary>How the patient is filed for off-site care (备案, spec §4.1).</summary>
public enum FilingType
{
    /// <summary>Long-term off-site resident (异地长期居住): local benefit levels.</summary>
    LongTerm,

    /// <summary>Temporary: referral by a designated hospital (异地转诊).</summary>
    Referral,

    /// <summary>Temporary: emergency or rescue (急诊抢救); deemed filed without a filing.</summary>
    Emergency,

    /// <summary>Temporary: any other trip.</summary>
    OtherTemporary,
}

/// <summary>One line of a hospital bill as uploaded by the care place (fee upload, transaction 2301).</summary>
/// <param name="ItemCode">The care province's catalogue code.</param>
/// <param name="Quantity">How many units.</param>
/// <param name="UnitPrice">Price of one unit.</param>
[GenerateSerializer, Immutable, Alias("jinbao.fee-line")]
public sealed record FeeLine(string ItemCode, int Quantity, Money UnitPrice);

/// <summary>The care place's split of a bill (spec §4.3), in the national platform's terms.</summary>
/// <param name="Total">The whole bill.</param>
/// <param name="FullyOwnPay">全自费 (fulamt_ownpay_amt): class C and items outside the catalogue.</param>
/// <param name="OverLimit">超限价 (overlmt_amt): above the price limit.</param>
/// <param name="PreSelfPay">先行自付 (preselfpay_amt): the pay-first share of class B items.</param>
/// <param name="InScope">符合政策范围 (inscp_scp_amt): class A in full plus the class B remainder.</param>
[GenerateSerializer, Immutable, Alias("jinbao.fee-split")]
public sealed record FeeSplit(Money Total, Money FullyOwnPay, Money OverLimit, Money PreSelfPay, Money InScope);

/// <summary>What the insuring place decided for one settlement (spec §4.3–§4.4).</summary>
/// <param name="Split">The care place's split.</param>
/// <param name="DeductibleApplied">act_pay_dedc: the part of the in-scope amount under the remaining annual deductible.</param>
/// <param name="Ratio">The reimbursement ratio applied.</param>
/// <param name="FundPays">hifp_pay: the pooled fund's payment, after the annual cap.</param>
/// <param name="CapReduction">What the fund would have paid but the annual cap withheld.</param>
/// <param name="PatientPays">psn_pay: everything else, paid by the patient at the hospital.</param>
[GenerateSerializer, Immutable, Alias("jinbao.benefit-decision")]
public sealed record BenefitDecision(FeeSplit Split, Money DeductibleApplied, decimal Ratio, Money FundPays, Money CapReduction, Money PatientPays);
