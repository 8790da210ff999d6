namespace JinBao.Ledger;

/// <summary>Names ledger accounts: <c>{pooling area}:{purpose}</c>, e.g. <c>440300:individual-account</c>.</summary>
public static class LedgerAccounts
{
    /// <summary>The area's individual-account fund (个人账户基金): the sum of its persons' account balances.</summary>
    public static string IndividualAccount(string area) => $"{area}:individual-account";

    /// <summary>The area's pooled fund (统筹基金).</summary>
    public static string PooledFund(string area) => $"{area}:pooled-fund";

    /// <summary>Money sent by this area and not yet received by the other end (在途).</summary>
    public static string TransferClearing(string area) => $"{area}:transfer-clearing";

    /// <summary>
    /// Money that left this province for another through the national clearing (old place: paid in), or arrived from it
    /// (new place: paid out); the national ledger's <see cref="ProvinceClearing"/> holds the other side.
    /// </summary>
    public static string NationalClearing(string area) => $"{area}:national-clearing";

    /// <summary>National ledger: a province's position in the inter-province clearing (清算); the positions sum to zero.</summary>
    public static string ProvinceClearing(string province) => $"{province}:clearing";

    /// <summary>Where collected contributions come from: the contribution collection account (征缴收入).</summary>
    public static string ContributionCollection(string area) => $"{area}:contribution-collection";

    /// <summary>Where credited interest comes from: the fund's investment income (利息收入).</summary>
    public static string InterestIncome(string area) => $"{area}:interest-income";

    /// <summary>Amounts owed back to persons, e.g. duplicate contributions refunded (退还).</summary>
    public static string RefundsPayable(string area) => $"{area}:refunds-payable";

    /// <summary>The insuring area's medical fund (医保统筹基金): pays its persons' settled bills.</summary>
    public static string MedicalFund(string area) => $"{area}:medical-fund";

    /// <summary>What an insuring area owes a care province for off-site bills, until the national clearing (应付).</summary>
    public static string MedicalPayable(string careProvince) => $"{careProvince}:medical-payable";

    /// <summary>National ledger: insuring province S's advance held by care province K (<c>S:medical-prepaid:K</c>).</summary>
    public static string MedicalPrepaid(string insuring, string care) => $"{insuring}:medical-prepaid:{care}";

    /// <summary>National ledger: what K's hospitals are owed for off-site care, paid out of the advances K holds.</summary>
    public static string MedicalHospitals(string care) => $"{care}:medical-hospitals";

    /// <summary>National ledger: S's outflows through the medical clearing (advances, top-ups, confirmed statements).</summary>
    public static string MedicalClearing(string insuring) => $"{insuring}:medical-clearing";

    /// <summary>A drawing province's basic pension fund, which pays the monthly run (<see cref="BankPayablePrefix"/>).</summary>
    public static string PensionFund(string province) => province + PensionFundSuffix;

    /// <summary>The suffix of <see cref="PensionFund"/>, for the payment run's set-based SQL (<c>province || suffix</c>).</summary>
    public const string PensionFundSuffix = ":pension-fund";

    /// <summary>What a province owes a paying bank for one run's transfers to retirees' accounts.</summary>
    public static string BankPayable(string province, string bank) => province + BankPayablePrefix + bank;

    /// <summary>The middle of <see cref="BankPayable"/>, for the payment run's set-based SQL (<c>province || infix || bank</c>).</summary>
    public const string BankPayablePrefix = ":bank-payable:";
}
