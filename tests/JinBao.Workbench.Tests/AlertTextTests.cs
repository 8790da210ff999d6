using JinBao.Supervision;
using JinBao.Workbench.Texts;

using Microsoft.AspNetCore.Http;

namespace JinBao.Workbench.Tests;

/// <summary>Every supervision rule's alert is told in the page's language from its facts, not left in the API's English.</summary>
public sealed class AlertTextTests
{
    private const string Fallback = "the API's English detail";

    // One finding per rule, with the facts the supervision grain records for it.
    private static readonly Dictionary<SupervisionRule, Dictionary<string, string>> Findings = new()
    {
        [SupervisionRule.PaidAfterDeath] = new() { ["months"] = "2", ["deathMonth"] = "2026-10", ["amountFen"] = "700000" },
        [SupervisionRule.PaidTwice] = new() { ["month"] = "2027-01", ["provinces"] = "440000,510000" },
        [SupervisionRule.InsuredTwice] = new() { ["month"] = "2026-05", ["city"] = "440300", ["otherCity"] = "510100" },
        [SupervisionRule.BaseDrop] = new() { ["month"] = "2026-05", ["drops"] = "4", ["compared"] = "5", ["percent"] = "70" },
        [SupervisionRule.SettlementOutlier] = new() { ["fundFen"] = "5000000", ["care"] = "510100", ["usualFen"] = "300000", ["history"] = "21" },
        [SupervisionRule.TransferOverdue] = new() { ["step"] = "Applied", ["dueOn"] = "2026-11-03" },
        [SupervisionRule.SelfDecided] = new() { ["clerk"] = "chen@440300", ["decision"] = "ContactLetterIssued" },
    };

    [Theory]
    [InlineData("zh")]
    [InlineData("en")]
    public void EveryRule_IsToldFromItsFacts_InThePagesLanguage(string language)
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.Cookie = $"{WorkbenchText.CookieName}={language}";
        var text = new WorkbenchText(new HttpContextAccessor { HttpContext = context });

        foreach (var rule in Enum.GetValues<SupervisionRule>())
        {
            var detail = text.AlertDetail(Supervision.Supervision.RuleKey(rule), Findings[rule], Fallback);
            Assert.NotEqual(Fallback, detail);
            Assert.Equal(language == "zh", detail.Any(c => c >= '\u4e00' && c <= '\u9fff'));
        }

        var twice = text.AlertDetail("paid-twice", Findings[SupervisionRule.PaidTwice], Fallback);
        Assert.Contains(language == "zh" ? "广东" : "Guangdong", twice);
        Assert.Contains(language == "zh" ? "四川" : "Sichuan", twice);
    }
}
