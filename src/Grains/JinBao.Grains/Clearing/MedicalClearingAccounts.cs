namespace JinBao.Clearing;

/// <summary>
/// The national ledger's accounts and movement kinds for off-site medical care. Per (insuring S, care K) pair:
/// S's advance held by K (<c>S:medical-prepaid:K</c>) pays K's hospitals (<c>K:medical-hospitals</c>); S's outflows
/// through the clearing are <c>S:medical-clearing</c>.
/// </summary>
public static class MedicalClearingAccounts
{
    public const string Advance = "medical-advance";
    public const string TopUp = "medical-topup";
    public const string Settlement = "medical-settlement";
    public const string Reversal = "medical-reversal";
    public const string Clearing = "medical-clearing";

    public static string Prepaid(string insuring, string care) => $"{insuring}:medical-prepaid:{care}";

    public static string Hospitals(string care) => $"{care}:medical-hospitals";

    public static string ClearingAccount(string insuring) => $"{insuring}:medical-clearing";
}
