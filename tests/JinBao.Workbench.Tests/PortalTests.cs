using JinBao.Drawing;
using JinBao.Grains.Persons;
using JinBao.Medical;
using JinBao.Persons;
using JinBao.Primitives;
using JinBao.Transfers;
using JinBao.Workbench.Tests.Infrastructure;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace JinBao.Workbench.Tests;

/// <summary>
/// An insured person's portal on a phone-sized screen, in a real browser against the real topology (issue 19): a code
/// from the counter, activation, my record, a transfer applied online that completes after the old place's clerk
/// approves it in the workbench, a filing for care elsewhere, and the clerk's earlier read in "who looked at my data".
/// </summary>
[Collection(WorkbenchCollection.Name)]
public sealed class PortalTests(WorkbenchTopology workbench)
{
    private const int PhoneWidth = 390;
    private const string Password = "my-own-portal-password";

    [Fact]
    public async Task APerson_Activates_AppliesOnline_WatchesTheTransferComplete_FilesForCare_AndSeesWhoLooked()
    {
        // Worked in Shenzhen 2020–2021 and left; now works in Chengdu, where the person's portal is.
        var id = await new Setup(workbench).LeftShenzhenAsync();
        var chengdu = workbench.Topology.Sichuan.Grains.GetPersonGrain(id);
        var system = new Requester("city:510100/setup", null);
        await chengdu.EnrolAsync(new EnrolPerson(RegionCode.Parse(WorkbenchTopology.Chengdu), RegionCode.Parse(WorkbenchTopology.Chengdu), new DateOnly(2022, 3, 1), system, "欧阳晓"));
        await chengdu.DeclareMonthsAsync(new YearMonth(2022, 3), 6, 8000, system);

        // At Chengdu's counter the clerk opens the record (with a reason) and issues the code.
        var clerk = await workbench.SignInAsync("zhao@" + WorkbenchTopology.Chengdu);
        await clerk.GotoAsync($"{workbench.SichuanUrl}/workbench/persons/{id.Value}");
        const string Reason = "窗口办理个人服务激活";
        await clerk.FillAsync("#reason", Reason);
        await clerk.ClickAsync("[data-testid=open-record]");
        await clerk.ClickAsync("[data-testid=activation-code]");
        var code = await ExpectAsync(clerk, "[data-testid=code]");

        var phone = await workbench.NewPageAsync(PhoneWidth);
        await ActivateAsync(phone, workbench.SichuanUrl, id, code);
        Assert.Equal("6", await ExpectAsync(phone, $"[data-testid=months-{WorkbenchTopology.Chengdu}]"));
        Assert.Equal(0, await phone.Locator($"[data-testid=months-{WorkbenchTopology.Shenzhen}]").CountAsync()); // Sichuan does not know them yet
        await ExpectAsync(phone, "[data-testid=estimate]");

        // Apply online; Chengdu's policy approves at once, so the case waits at Shenzhen.
        await phone.GotoAsync(workbench.SichuanUrl + "/portal/transfer");
        await phone.FillAsync("#fromCity", WorkbenchTopology.Shenzhen);
        await phone.ClickAsync("[data-testid=apply]");
        await ExpectAsync(phone, "[data-testid=transfer]");
        var transfer = new TransferId(await Sql.ScalarAsync<Guid>(workbench.Topology.Sichuan.ConnectionString,
            "SELECT transfer_id FROM jinbao_api_audit WHERE citizen_id = @id AND caller_kind = 'person' AND method = 'POST' AND status_code = 201 AND transfer_id IS NOT NULL",
            ("id", id.Value)));
        await Setup.WaitForAsync(workbench.Topology.Guangdong, transfer, TransferStatus.ContactLetterIssued);
        await phone.ReloadAsync();
        Assert.Contains(WorkbenchTopology.Shenzhen, await ExpectAsync(phone, "[data-testid=holder]")); // who holds it now, with the deadline
        await Shot(phone, "portal-transfer");

        var shenzhen = await workbench.SignInAsync("chen@" + WorkbenchTopology.Shenzhen);
        await shenzhen.GotoAsync($"{workbench.GuangdongUrl}/workbench/cases/{transfer.Value}");
        await shenzhen.ClickAsync("[data-testid=approve]");
        await Setup.WaitForAsync(workbench.Topology.Sichuan, transfer, TransferStatus.Completed);
        await phone.ReloadAsync();
        Assert.Contains("已办结", await ExpectAsync(phone, "[data-testid=transfer-status]"));
        await phone.GotoAsync(workbench.SichuanUrl + "/portal/record");
        Assert.Equal("30", await ExpectAsync(phone, $"[data-testid=segment-months-{WorkbenchTopology.Chengdu}]")); // 24 Shenzhen months merged into Chengdu's
        Assert.Equal("24", await ExpectAsync(phone, $"[data-testid=months-{WorkbenchTopology.Shenzhen}]"));       // each shown where it was paid
        Assert.Equal("6", await ExpectAsync(phone, $"[data-testid=months-{WorkbenchTopology.Chengdu}]"));

        // The year-end work credits 2022's and 2023's interest; the record shows it year by year.
        foreach (var year in new[] { 2022, 2023 })
        {
            await workbench.Topology.Sichuan.Grains.GetGrain<IPersonYearEndGrain>(id.Value).CreditInterestAsync(year, Requester.System);
        }

        await phone.ReloadAsync();
        var interest = await ExpectAsync(phone, $"[data-testid=interest-{WorkbenchTopology.Chengdu}]");
        Assert.Contains("2022 ¥", interest);
        Assert.Contains("2023 ¥", interest);
        await Shot(phone, "portal-record");

        // At Guangdong's portal, the old record says where the relationship went, with a link to Sichuan's portal.
        var (guangdongCode, _) = await workbench.GuangdongApi.Services.GetRequiredService<JinBao.Api.Auth.CitizenCredentials>().IssueCodeAsync(id, "clerk:chen@440300", default);
        var old = await workbench.NewPageAsync(PhoneWidth);
        await ActivateAsync(old, workbench.GuangdongUrl, id, guangdongCode);
        Assert.Contains(WorkbenchTopology.Chengdu, await ExpectAsync(old, "[data-testid=moved]"));
        Assert.Equal(workbench.SichuanUrl + "/portal", await old.GetAttributeAsync("[data-testid=moved] a", "href"));

        // File for care elsewhere, within the rules.
        await phone.GotoAsync(workbench.SichuanUrl + "/portal/medical");
        await phone.FillAsync("#careCity", WorkbenchTopology.Shenzhen);
        await phone.ClickAsync("[data-testid=file]");
        Assert.Contains(WorkbenchTopology.Shenzhen, await ExpectAsync(phone, "[data-testid=filing]"));

        // A Shenzhen hospital settles the stay directly (across provinces, through the national exchange).
        var settlement = $"PT-{Guid.NewGuid():N}";
        await workbench.Topology.Guangdong.Grains.GetMedicalSettlementGrain(new SettlementId(settlement)).SettleAsync(new SettleForPatient(id, new SettleBill(
            new SettlementId(settlement), RegionCode.Parse(WorkbenchTopology.Shenzhen), TimeProvider.System.Today(), false, // admitted today, when the filing starts
            [new FeeLine("G90-INSCOPE", 1, Money.FromYuan(8000))], new Requester("city:440300/hospital", null))));
        await phone.ReloadAsync();
        Assert.Contains("¥8,000.00", await ExpectAsync(phone, "[data-testid=settlement]"));
        await Shot(phone, "portal-medical");

        // Not retired: the pension page explains that, with no error.
        await phone.GotoAsync(workbench.SichuanUrl + "/portal/pension");
        Assert.Contains("您尚未退休", await phone.InnerTextAsync("main"));
        Assert.Equal(0, await phone.Locator(".problem").CountAsync());

        // Who looked: the clerk, with the reason they gave.
        await phone.GotoAsync(workbench.SichuanUrl + "/portal/access");
        var log = await phone.InnerTextAsync("main");
        Assert.Contains(Reason, log);
        Assert.Contains("经办机构", log);
        await Shot(phone, "portal-access");

        Assert.DoesNotContain(id.Value, await phone.ContentAsync()); // the citizen id is masked on every page

        // Sign out, and in again with the password set at activation.
        await phone.ClickAsync("footer button[type=submit]");
        await phone.WaitForURLAsync("**/portal/sign-in**");
        await phone.FillAsync("#citizenId", id.Value);
        await phone.FillAsync("#password", Password);
        await phone.ClickAsync("button[type=submit]");
        await phone.WaitForURLAsync("**/portal/record");
    }

    [Fact]
    public async Task ARetiree_SeesPayments_AndDoesTheYearlyVerificationOnline()
    {
        // Retired in Shenzhen on 2026-11-01 (first paid for 2026-12); the verification of the retirement lapses in 12 months.
        var id = TestPeople.Next(birthYear: 1974, female: true);
        var person = workbench.Topology.Guangdong.Grains.GetPersonGrain(id);
        var system = new Requester("city:440300/setup", null);
        await person.EnrolAsync(new EnrolPerson(RegionCode.Parse(WorkbenchTopology.Shenzhen), RegionCode.Parse(WorkbenchTopology.Shenzhen), new DateOnly(2011, 11, 1), system, "李娜"));
        await person.DeclareMonthsAsync(new YearMonth(2011, 11), 180, 8000, system);
        await person.RetireAsync(new RetirePerson(new DateOnly(2026, 11, 1), false, system, "icbc", "6222020012345678", RegionCode.Parse(WorkbenchTopology.Shenzhen)));
        var payments = workbench.Topology.Guangdong.Grains.GetPaymentsGrain(RegionCode.Parse("440000"));
        await payments.StartRunAsync(new YearMonth(2026, 12), system);
        await Retry.UntilSucceedsAsync(async () => (await payments.GetRunAsync(new YearMonth(2026, 12))).CompletedAt ?? throw new InvalidOperationException("running"), TimeSpan.FromSeconds(60));

        var credentials = workbench.GuangdongApi.Services.GetRequiredService<JinBao.Api.Auth.CitizenCredentials>();
        var (code, _) = await credentials.IssueCodeAsync(id, "clerk:chen@440300", default);
        var phone = await workbench.NewPageAsync(PhoneWidth);
        await ActivateAsync(phone, workbench.GuangdongUrl, id, code);

        await phone.GotoAsync(workbench.GuangdongUrl + "/portal/pension");
        Assert.Contains("2026-12", await phone.InnerTextAsync("table"));
        var before = await ExpectAsync(phone, "[data-testid=verified-until]");
        await phone.CheckAsync("input[name=confirm]");
        await phone.ClickAsync("[data-testid=verify]");
        Assert.Contains("资格认证已完成", await ExpectAsync(phone, "[data-testid=notice]"));
        var after = await ExpectAsync(phone, "[data-testid=verified-until]");
        Assert.True(DateOnly.Parse(after) > DateOnly.Parse(before), $"verified until {before}, then {after}");
        await Shot(phone, "portal-pension");
        Assert.True(await Sql.ScalarAsync<long>(workbench.Topology.Guangdong.ConnectionString,
            "SELECT count(*) FROM jinbao_api_audit WHERE citizen_id = @id AND caller_kind = 'person' AND route LIKE '%/verifications' AND status_code = 200",
            ("id", id.Value)) == 1);
    }

    [Fact]
    public async Task APersonWithoutACredential_CannotSignIn_AndThePagesAskForSignIn()
    {
        var phone = await workbench.NewPageAsync(PhoneWidth);
        await phone.GotoAsync(workbench.SichuanUrl + "/portal/record");
        await phone.WaitForURLAsync("**/portal/sign-in**");
        await phone.FillAsync("#citizenId", (await new Setup(workbench).LeftShenzhenAsync()).Value);
        await phone.FillAsync("#password", "not-activated-yet");
        await phone.ClickAsync("button[type=submit]");
        Assert.Contains("尚未激活", await ExpectAsync(phone, ".problem"));
        await phone.ClickAsync("a.lang");
        Assert.Contains("Sign in", await phone.InnerTextAsync("main"));
        await Shot(phone, "portal-sign-in");
    }

    /// <summary>The person activates their credential with <paramref name="code"/> at the portal of <paramref name="origin"/>, and is signed in.</summary>
    private static async Task ActivateAsync(IPage page, string origin, CitizenId id, string code)
    {
        await page.GotoAsync(origin + "/portal/activate");
        await page.FillAsync("#citizenId", id.Value);
        await page.FillAsync("#code", code);
        await page.FillAsync("#password", Password);
        await page.FillAsync("#repeat", Password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync("**/portal/record");
    }

    private static Task Shot(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshots.PathOf(name), FullPage = true });

    private static async Task<string> ExpectAsync(IPage page, string selector)
    {
        try
        {
            return (await page.Locator(selector).First.InnerTextAsync(new LocatorInnerTextOptions { Timeout = 20_000 })).Trim();
        }
        catch (TimeoutException)
        {
            throw new Xunit.Sdk.XunitException($"{page.Url} never showed {selector}; it showed:\n{await page.InnerTextAsync("body")}");
        }
    }
}
