using Microsoft.AspNetCore.Http;

namespace JinBao.Workbench.Texts;

/// <summary>
/// The page's language: Chinese unless the clerk switched to English (a cookie). Pages write both texts side by side,
/// <c>L.T("待办", "Queue")</c>, so a reader of the markup sees what each language shows.
/// </summary>
public sealed class WorkbenchText(IHttpContextAccessor accessor)
{
    public const string CookieName = "jinbao-lang";

    public bool IsEnglish => accessor.HttpContext?.Request.Cookies[CookieName] == "en";

    /// <summary>The <c>lang</c> attribute of the page.</summary>
    public string HtmlLang => IsEnglish ? "en" : "zh-CN";

    public string T(string zh, string en) => IsEnglish ? en : zh;

    /// <summary>Remembers the language chosen on a UI under <paramref name="path"/> for a year (Chinese unless <c>en</c>).</summary>
    public static void Choose(HttpResponse response, string? language, string path) =>
        response.Cookies.Append(CookieName, language == "en" ? "en" : "zh", new CookieOptions
        {
            Path = path,
            MaxAge = TimeSpan.FromDays(365),
            SameSite = SameSiteMode.Lax,
            HttpOnly = true,
        });

    /// <summary>A transfer step's name (the API's kebab-case status).</summary>
    public string Status(string status) => status switch
    {
        "applied" => T("已申请（待转入地审核）", "Applied (new place reviews)"),
        "contact-letter-issued" => T("已出联系函（待转出地办理）", "Contact letter issued (old place processes)"),
        "certificate-and-funds-sent" => T("已转出凭证和资金（待转入地接续）", "Certificate and funds sent (new place merges)"),
        "completed" => T("已办结", "Completed"),
        "rejected" => T("已拒绝", "Rejected"),
        "cancelled" => T("已撤销", "Cancelled"),
        _ => status,
    };

    /// <summary>A segment's (relationship's) status at one city.</summary>
    public string Segment(string status) => status switch
    {
        "active" => T("正常缴费", "Active"),
        "dormant" => T("中断缴费（关系保留）", "Dormant (kept here)"),
        "sealed" => T("封存（临时账户）", "Sealed (temporary account)"),
        "transferred-out" => T("已转出", "Transferred out"),
        _ => status,
    };

    /// <summary>The person's, a filing's or a settlement's status, and a filing's kind (the API's kebab-case names).</summary>
    public string Word(string word) => word switch
    {
        "active" => T("正常", "Active"),
        "retired" => T("已退休（领取待遇）", "Retired (drawing a pension)"),
        "deceased" => T("已死亡", "Deceased"),
        "cancelled" => T("已撤销", "Cancelled"),
        "changed" => T("已变更", "Changed"),
        "settled" => T("已结算", "Settled"),
        "reversed" => T("已冲销", "Reversed"),
        "long-term" => T("异地长期居住", "Long-term residence"),
        "referral" => T("异地转诊", "Referral"),
        "emergency" => T("急诊抢救", "Emergency"),
        "other-temporary" => T("其他临时外出就医", "Other temporary stay"),
        _ => word,
    };

    public string Side(string side) => side == "old" ? T("转出地", "Old place") : T("转入地", "New place");

    public string Role(string role) => role == "supervisor" ? T("科长（主管）", "Supervisor") : T("经办员", "Clerk");

    /// <summary>A supervision rule's name (the API's kebab-case rule; a PascalCase name is read the same).</summary>
    public string Rule(string rule) => Kebab(rule) switch
    {
        "paid-after-death" => T("死亡后仍发放", "Paid after death"),
        "paid-twice" => T("两地重复领取", "Paid twice"),
        "insured-twice" => T("重复参保", "Insured twice"),
        "base-drop" => T("缴费基数异常下降", "Contribution base drop"),
        "settlement-outlier" => T("结算金额异常", "Settlement outlier"),
        "transfer-overdue" => T("转移环节超时", "Transfer step overdue"),
        "self-decided" => T("经办人自办自审", "Clerk decided own case"),
        _ => rule,
    };

    /// <summary>
    /// What an alert found, in the page's language, from its facts; the API's English detail when a fact is missing (an
    /// alert of another version).
    /// </summary>
    public string AlertDetail(string rule, IReadOnlyDictionary<string, string>? facts, string detail)
    {
        string F(string key) => facts is not null && facts.TryGetValue(key, out var value) ? value : throw new KeyNotFoundException(key);
        string Money(string key) => Yuan(long.Parse(F(key), System.Globalization.CultureInfo.InvariantCulture));
        try
        {
            return Kebab(rule) switch
            {
                "paid-after-death" => T($"死亡月份 {F("deathMonth")} 之后仍发放 {F("months")} 个月养老金，应追回 {Money("amountFen")}",
                    $"Paid {F("months")} month(s) after the death month {F("deathMonth")}: {Money("amountFen")} to recover"),
                "paid-twice" => T($"{F("month")} 的养老金由 {string.Join(" 和 ", F("provinces").Split(',').Select(City))} 重复发放（国家平台比对发现）",
                    $"The pension for {F("month")} was paid by {string.Join(" and ", F("provinces").Split(',').Select(City))} (found by national)"),
                "insured-twice" => T($"{F("month")} 在 {City(F("city"))} 申报缴费，而 {City(F("otherCity"))} 已有该月缴费",
                    $"{F("month")} is declared in {City(F("city"))} and already paid in {City(F("otherCity"))}"),
                "base-drop" => T($"{F("month")} 有 {F("drops")} / {F("compared")} 笔申报的缴费基数低于本人上月的 {F("percent")}%",
                    $"{F("drops")} of {F("compared")} declarations for {F("month")} fell below {F("percent")}% of the person's previous base"),
                "settlement-outlier" => T($"基金支付 {Money("fundFen")}（就医地 {City(F("care"))}），该地通常为 {Money("usualFen")}（{F("history")} 笔）",
                    $"The fund pays {Money("fundFen")} in {City(F("care"))}, where the usual is {Money("usualFen")} over {F("history")} settlements"),
                "transfer-overdue" => T($"环节“{Step(F("step"))}”应于 {F("dueOn")} 前办结，仍未办理", $"Step “{Step(F("step"))}” was due {F("dueOn")} and is not done"),
                "self-decided" => T($"经办人 {F("clerk")} 受理了申请，又自行作出决定（{Step(F("decision"))}）",
                    $"{F("clerk")} took the application and decided it ({Step(F("decision"))})"),
                _ => detail,
            };
        }
        catch (Exception exception) when (exception is KeyNotFoundException or FormatException)
        {
            return detail;
        }
    }

    /// <summary>An alert's status: open, acknowledged, resolved.</summary>
    public string AlertStatus(string status) => Kebab(status) switch
    {
        "open" => T("待处理", "Open"),
        "acknowledged" => T("已确认", "Acknowledged"),
        "resolved" => T("已处理完毕", "Resolved"),
        _ => status,
    };

    /// <summary>A transfer step or status as the statistics name it (kebab-case or PascalCase).</summary>
    public string Step(string step) => Kebab(step) switch
    {
        "review" => T("转入地审核", "Review (new place)"),
        "release" => T("转出地办理", "Release (old place)"),
        "merge" => T("转入地接续", "Merge (new place)"),
        var kebab => Status(kebab),
    };

    /// <summary><c>ContactLetterIssued</c> or <c>contact_letter_issued</c> as <c>contact-letter-issued</c>.</summary>
    public static string Kebab(string? name)
    {
        var text = new System.Text.StringBuilder();
        foreach (var c in name ?? "")
        {
            if (char.IsUpper(c) && text.Length > 0 && text[^1] != '-')
            {
                text.Append('-');
            }

            text.Append(c == '_' ? '-' : char.ToLowerInvariant(c));
        }

        return text.ToString();
    }

    /// <summary>An amount in fen as yuan, the way agencies print it: ¥1,234.56.</summary>
    public static string Yuan(long fen) => (fen / 100m).ToString("¥#,##0.00", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A city code with its name, e.g. 440300 深圳市 (or Shenzhen).</summary>
    public string City(string? code) =>
        code is not null && Primitives.RegionCode.TryParse(code, out var region) ? $"{code} {(IsEnglish ? region.EnglishName : region.Name)}" : code ?? "—";
}
