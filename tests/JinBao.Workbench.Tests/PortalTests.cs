using JinBao.Persons;
using JinBao.Primitives;
using JinBao.Transfers;
using JinBao.Workbench.Tests.Infrastructure;

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
        await phone.GotoAsync(workbench.SichuanUrl + "/portal/activate");
        await phone.FillAsync("#citizenId", id.Value);
        await phone.FillAsync("#code", code);
        await phone.FillAsync("#password", Password);
        await phone.FillAsync("#repeat", Password);
        await phone.ClickAsync("button[type=submit]");
        await phone.WaitForURLAsync("**/portal/record");
        Assert.Equal("6", await ExpectAsync(phone, $"[data-testid=months-{WorkbenchTopology.Chengdu}]"));
        await ExpectAsync(phone, "[data-testid=estimate]");
        await Shot(phone, "portal-record");

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
        Assert.Equal("30", await ExpectAsync(phone, $"[data-testid=months-{WorkbenchTopology.Chengdu}]")); // 24 Shenzhen months merged into Chengdu's

        // File for care elsewhere, within the rules.
        await phone.GotoAsync(workbench.SichuanUrl + "/portal/medical");
        await phone.FillAsync("#careCity", WorkbenchTopology.Shenzhen);
        await phone.ClickAsync("[data-testid=file]");
        Assert.Contains(WorkbenchTopology.Shenzhen, await ExpectAsync(phone, "[data-testid=filing]"));
        await Shot(phone, "portal-medical");

        // Who looked: the clerk, with the reason they gave.
        await phone.GotoAsync(workbench.SichuanUrl + "/portal/access");
        var log = await phone.InnerTextAsync("main");
        Assert.Contains(Reason, log);
        Assert.Contains("经办机构", log);
        await Shot(phone, "portal-access");

        // Another person's record is not reachable by editing a URL: the pages have none, and the API answers 404.
        Assert.DoesNotContain(id.Value, await phone.ContentAsync()); // masked everywhere on the page
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
