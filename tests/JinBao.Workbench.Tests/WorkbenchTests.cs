using System.Text;

using JinBao.Primitives;
using JinBao.Transfers;
using JinBao.Workbench.Tests.Infrastructure;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

using Npgsql;

namespace JinBao.Workbench.Tests;

/// <summary>A clerk's day in the workbench, in a real browser against the real topology (issue 18's "done when").</summary>
[Collection(WorkbenchCollection.Name)]
public sealed class WorkbenchTests(WorkbenchTopology workbench)
{
    private readonly Setup _cases = new(workbench);

    [Fact]
    public async Task Clerk_FindsTheOverdueCaseFirst_ApprovesIt_AndItClosesInBothPlacesHistories()
    {
        // One case reached Shenzhen six weeks ago (its 15 working days are long gone), one today.
        var overdue = workbench.OverdueTransfer;
        var onTime = await _cases.AppliedInChengduAsync(await _cases.LeftShenzhenAsync());

        var page = await workbench.SignInAsync("chen@" + WorkbenchTopology.Shenzhen);
        await page.GotoAsync(workbench.GuangdongUrl + "/workbench/queue?awaiting=us");
        var first = page.Locator("[data-testid=queue] tbody tr").First;
        Assert.Equal(overdue.Value.ToString(), await first.GetAttributeAsync("data-transfer"));
        Assert.Contains("overdue", await first.GetAttributeAsync("class") ?? "");
        Assert.Contains("超期", await first.InnerTextAsync());
        Assert.NotNull(await page.Locator($"[data-transfer='{onTime.Value}']").ElementHandleAsync());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshots.PathOf("workbench-queue"), FullPage = true });

        // The CSV holds every open case of the filter, with its columns, as UTF-8 with a BOM.
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("[data-testid=csv]"));
        var csv = await File.ReadAllBytesAsync(await download.PathAsync());
        Assert.Equal(Encoding.UTF8.GetPreamble(), csv[..3]);
        var lines = Encoding.UTF8.GetString(csv[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("transfer_id,masked_citizen_id,side,step,awaiting_this_city,due_on,working_days_left,escalated", lines[0]);
        Assert.StartsWith(overdue.Value.ToString(), lines[1]);
        Assert.Contains(lines, line => line.StartsWith(onTime.Value.ToString(), StringComparison.Ordinal) && line.Contains("已出联系函", StringComparison.Ordinal));

        await first.Locator("a").First.ClickAsync();
        await page.WaitForURLAsync($"**/workbench/cases/{overdue.Value}");
        Assert.Contains("超期", await page.InnerTextAsync("main"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshots.PathOf("workbench-case"), FullPage = true });
        await page.FillAsync("#note", "材料齐全，同意转出");
        await page.ClickAsync("[data-testid=approve]");
        await ExpectAsync(page, ".notice");

        await Setup.WaitForAsync(workbench.Topology.Sichuan, overdue, TransferStatus.Completed);
        await Setup.WaitForAsync(workbench.Topology.Guangdong, overdue, TransferStatus.Completed);
        Assert.True(await Retry.UntilAsync(async () =>
        {
            await page.GotoAsync(workbench.GuangdongUrl + "/workbench/queue?tab=history");
            return await page.Locator($"[data-testid=history] [data-transfer='{overdue.Value}']").CountAsync() == 1;
        }, TimeSpan.FromSeconds(30)), "Shenzhen's history lacks the completed case");
        var chengdu = await workbench.SignInAsync("zhao@" + WorkbenchTopology.Chengdu);
        Assert.True(await Retry.UntilAsync(async () =>
        {
            await chengdu.GotoAsync(workbench.SichuanUrl + "/workbench/queue?tab=history");
            return await chengdu.Locator($"[data-testid=history] [data-transfer='{overdue.Value}']").CountAsync() == 1;
        }, TimeSpan.FromSeconds(30)), "Chengdu's history lacks the completed case");
        Assert.Contains("已办结", await chengdu.Locator($"[data-transfer='{overdue.Value}']").InnerTextAsync());
    }

    [Fact]
    public async Task SupervisorSetsReleaseAtOnce_AndTheNextCaseCompletesWithoutAClerk()
    {
        // Guangzhou's agency, which no other test's case passes through, so its new policy changes nothing of theirs.
        var supervisor = await workbench.SignInAsync("zhou@" + WorkbenchTopology.Guangzhou);
        await supervisor.GotoAsync(workbench.GuangdongUrl + "/workbench/staff");
        Assert.False(await supervisor.IsCheckedAsync("[data-testid=policy-release]"));
        await supervisor.CheckAsync("[data-testid=policy-release]");
        await supervisor.ClickAsync("[data-testid=save-policy]");
        Assert.Contains("自动审批策略已更新", await ExpectAsync(supervisor, ".notice"));
        await Task.Delay(TimeSpan.FromSeconds(2)); // both Guangdong silos have read it

        var guangzhou = Primitives.RegionCode.Parse(WorkbenchTopology.Guangzhou);
        var chengdu = Primitives.RegionCode.Parse(WorkbenchTopology.Chengdu);
        var id = await _cases.LeftAsync(guangzhou);
        var system = new Requester("city:510100/setup", null);
        await workbench.Topology.Sichuan.Grains.GetPersonGrain(id).EnrolAsync(new Persons.EnrolPerson(chengdu, chengdu, new DateOnly(2022, 3, 1), system));
        var transfer = TransferId.New();
        await workbench.Topology.Sichuan.Grains.GetTransferGrain(transfer).ApplyAsync(new ApplyForTransfer(id, guangzhou, chengdu, system));
        var done = await Setup.WaitForAsync(workbench.Topology.Sichuan, transfer, TransferStatus.Completed);
        Assert.Contains(done.Timeline, step => step.Actor == "policy:440100");
    }

    [Fact]
    public async Task Rejection_ItsReasonShowsAtTheOtherPlace()
    {
        var transfer = await _cases.AppliedInChengduAsync(await _cases.LeftShenzhenAsync());

        // Chengdu prints its contact letter with a number and code; Shenzhen, the old place it is addressed to, checks
        // the paper in its own workbench: Guangdong's API asks Sichuan through the national exchange.
        var chengdu = await workbench.SignInAsync("zhao@" + WorkbenchTopology.Chengdu);
        await chengdu.GotoAsync($"{workbench.SichuanUrl}/workbench/cases/{transfer.Value}");
        await chengdu.ClickAsync("[data-testid=print-letter]");
        var number = await ExpectAsync(chengdu, "[data-testid=letter-number]");
        var code = await chengdu.InnerTextAsync("[data-testid=letter-code]");
        var checker = await workbench.SignInAsync("li@" + WorkbenchTopology.Shenzhen);
        await checker.GotoAsync(workbench.GuangdongUrl + "/workbench/documents");
        await checker.FillAsync("#doc-number", number);
        await checker.FillAsync("#doc-code", "ABCDEFGH" == code ? "ABCDEFGJ" : "ABCDEFGH");
        await checker.ClickAsync("main form button[type=submit]");
        Assert.Contains("没有与该编号和校验码相符的凭证", await ExpectAsync(checker, ".problem")); // a wrong code is no document
        await checker.FillAsync("#doc-number", number);
        await checker.FillAsync("#doc-code", code);
        await checker.ClickAsync("main form button[type=submit]");
        Assert.Contains("联系函", await ExpectAsync(checker, "[data-testid=document-kind]"));
        Assert.Contains(transfer.Value.ToString(), await checker.InnerTextAsync("main"));

        // Sichuan, which holds the letter and the person's data, recorded Shenzhen's check for the person to see.
        await using (var sichuan = NpgsqlDataSource.Create(workbench.Topology.Sichuan.ConnectionString))
        await using (var audit = sichuan.CreateCommand("SELECT caller, caller_region FROM jinbao_api_audit WHERE route = $1"))
        {
            audit.Parameters.AddWithValue($"/api/v1/documents/{number}");
            await using var row = await audit.ExecuteReaderAsync();
            Assert.True(await row.ReadAsync(), "no audit row at the printing province");
            Assert.Equal(("supervisor:li@" + WorkbenchTopology.Shenzhen, WorkbenchTopology.Shenzhen), (row.GetString(0), row.GetString(1)));
        }

        var page = await workbench.SignInAsync("chen@" + WorkbenchTopology.Shenzhen);
        await page.GotoAsync($"{workbench.GuangdongUrl}/workbench/cases/{transfer.Value}");
        await page.ClickAsync("[data-testid=reject]");
        Assert.Contains("拒绝须填写理由", await page.InnerTextAsync(".problem")); // no reason, nothing changed
        const string Reason = "2021年10月至12月欠费未补缴，请补缴后重新申请";
        await page.FillAsync("#reason", Reason);
        await page.ClickAsync("[data-testid=reject]");
        await ExpectAsync(page, ".notice");

        await Setup.WaitForAsync(workbench.Topology.Sichuan, transfer, TransferStatus.Rejected);
        await chengdu.GotoAsync($"{workbench.SichuanUrl}/workbench/cases/{transfer.Value}");
        Assert.Contains(Reason, await chengdu.InnerTextAsync("main"));
    }

    [Fact]
    public async Task SupervisorPages_AreRefusedToAClerk_AndEveryPageNeedsASignIn()
    {
        string[] routes = ["/workbench/queue", "/workbench/queue?tab=history", "/workbench/counter", "/workbench/persons", "/workbench/documents",
            "/workbench/account", "/workbench/staff", $"/workbench/cases/{Guid.NewGuid()}", $"/workbench/letters?ids={Guid.NewGuid()}", "/workbench/queue?handler=csv"];
        using var anonymous = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        foreach (var route in routes)
        {
            using var response = await anonymous.GetAsync(workbench.GuangdongUrl + route);
            Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
            Assert.Contains("/workbench/sign-in", response.Headers.Location!.ToString());
        }

        var clerk = await workbench.SignInAsync("chen@" + WorkbenchTopology.Shenzhen);
        var denied = await clerk.GotoAsync(workbench.GuangdongUrl + "/workbench/staff");
        Assert.Equal(403, denied!.Status);
        Assert.NotNull(await clerk.QuerySelectorAsync("[data-testid=denied]"));
        Assert.Equal(0, await clerk.Locator("a[href='/workbench/staff']").CountAsync()); // not offered either

        // The supervisor gives a case to the clerk, who finds it under "given to me"; the clerk is not offered that.
        var transfer = await _cases.AppliedInChengduAsync(await _cases.LeftShenzhenAsync());
        await clerk.GotoAsync($"{workbench.GuangdongUrl}/workbench/cases/{transfer.Value}");
        Assert.Equal(0, await clerk.Locator("[data-testid=assign]").CountAsync());
        var supervisor = await workbench.SignInAsync("li@" + WorkbenchTopology.Shenzhen);
        await supervisor.GotoAsync($"{workbench.GuangdongUrl}/workbench/cases/{transfer.Value}");
        await supervisor.SelectOptionAsync("#assign-clerk", "chen");
        await supervisor.ClickAsync("[data-testid=assign]");
        Assert.Contains("chen@440300", await ExpectAsync(supervisor, "[data-testid=assignee]"));
        await clerk.GotoAsync(workbench.GuangdongUrl + "/workbench/queue?awaiting=mine");
        Assert.Contains("chen@440300", await ExpectAsync(clerk, $"[data-transfer='{transfer.Value}'] [data-testid=assigned]"));
        Assert.Equal(1, await clerk.Locator("[data-testid=queue] tbody tr").CountAsync());

        await supervisor.GotoAsync(workbench.GuangdongUrl + "/workbench/staff");
        await supervisor.FillAsync("#new-user", "sun");
        await supervisor.ClickAsync("[data-testid=create-clerk]");
        var password = await supervisor.InnerTextAsync("[data-testid=initial-password]");
        var sun = await workbench.NewPageAsync();
        await sun.GotoAsync(workbench.GuangdongUrl + "/workbench/sign-in");
        await sun.FillAsync("#login", "sun@" + WorkbenchTopology.Shenzhen);
        await sun.FillAsync("#password", password);
        await sun.ClickAsync("button[type=submit]");
        await sun.WaitForURLAsync("**/workbench/queue**");

        await supervisor.ClickAsync("button[aria-label='停用 sun@440300']");
        await supervisor.WaitForSelectorAsync("text=已停用");
        var again = await workbench.NewPageAsync();
        await again.GotoAsync(workbench.GuangdongUrl + "/workbench/sign-in");
        await again.FillAsync("#login", "sun@" + WorkbenchTopology.Shenzhen);
        await again.FillAsync("#password", password);
        await again.ClickAsync("button[type=submit]");
        Assert.Contains("用户名或密码错误", await again.InnerTextAsync(".problem"));
    }

    [Fact]
    public async Task PersonSearch_AsksForAReasonAndAuditsIt_AndTheCertificateTotalsEqualTheApis()
    {
        var id = await _cases.LeftShenzhenAsync();
        var page = await workbench.SignInAsync("chen@" + WorkbenchTopology.Shenzhen);
        await page.GotoAsync(workbench.GuangdongUrl + "/workbench/persons");
        await page.FillAsync("#search-id", id.Value);
        await page.ClickAsync("[data-testid=search]");
        await page.WaitForURLAsync($"**/workbench/persons/{id.Value}");
        Assert.DoesNotContain(id.Value, await page.InnerTextAsync("main")); // nothing shown before a reason
        const string Reason = "窗口咨询：本人申请打印参保缴费凭证";
        await page.FillAsync("#reason", Reason);
        await page.ClickAsync("[data-testid=open-record]");
        await page.WaitForSelectorAsync("[data-testid=access-log]");
        Assert.Contains(Reason, await page.InnerTextAsync("[data-testid=access-log]"));
        var audited = await Sql.ScalarAsync<long>(workbench.Topology.Guangdong.ConnectionString,
            "SELECT count(*) FROM jinbao_api_audit WHERE citizen_id = @id AND purpose = @purpose AND caller = 'clerk:chen@440300'",
            ("id", id.Value), ("purpose", Reason));
        Assert.True(audited >= 1);

        await page.ClickAsync("[data-testid=print-certificate]");
        await page.WaitForSelectorAsync("[data-testid=certificate]");
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshots.PathOf("workbench-certificate"), FullPage = true });
        var record = await workbench.Topology.Guangdong.Grains.GetPersonGrain(id).GetRecordAsync();
        Assert.Equal(record.Segments.Sum(s => s.Months.Count).ToString(), await page.InnerTextAsync("[data-testid=total-months]"));
        Assert.Equal(Texts.WorkbenchText.Yuan(record.Segments.Sum(s => s.IndividualAccountBalance.Fen)), await page.InnerTextAsync("[data-testid=total-balance]"));
        Assert.Equal(Texts.WorkbenchText.Yuan(record.Segments.Sum(s => s.Months.Sum(m => m.Base.Fen))), await page.InnerTextAsync("[data-testid=total-bases]"));

        // A clerk of Guangzhou, which never insured the person, learns nothing: not the record, not the full id.
        var outsider = await workbench.SignInAsync("he@" + WorkbenchTopology.Guangzhou);
        await outsider.GotoAsync($"{workbench.GuangdongUrl}/workbench/persons/{id.Value}");
        await outsider.FillAsync("#reason", "好奇");
        await outsider.ClickAsync("[data-testid=open-record]");
        Assert.Contains("未找到该人员", await ExpectAsync(outsider, ".problem"));
        Assert.DoesNotContain(id.Value, await outsider.InnerTextAsync("body"));

        // The other place checks the paper it was handed: number and code give the issuer's totals.
        var number = await page.InnerTextAsync("[data-testid=document-number]");
        var code = await page.InnerTextAsync("[data-testid=verification-code]");
        var checker = await workbench.SignInAsync("chen@" + WorkbenchTopology.Shenzhen);
        await checker.GotoAsync(workbench.GuangdongUrl + "/workbench/documents");
        await checker.FillAsync("#doc-number", number);
        await checker.FillAsync("#doc-code", code);
        await checker.ClickAsync("main form button[type=submit]");
        Assert.Contains("24", await ExpectAsync(checker, "[data-testid=document-check]"));
    }

    [Fact]
    public async Task CounterEnrolmentThenTransferApplication_CompletesEndToEnd()
    {
        var id = await _cases.LeftShenzhenAsync();
        var counter = await workbench.SignInAsync("zhao@" + WorkbenchTopology.Chengdu);
        await counter.GotoAsync(workbench.SichuanUrl + "/workbench/counter");
        await counter.FillAsync("#enrol-id", id.Value);
        await counter.FillAsync("#enrol-name", "王军");
        await counter.FillAsync("#enrol-hukou", WorkbenchTopology.Chengdu);
        await counter.FillAsync("#enrol-date", "2022-03-01");
        await counter.ClickAsync("[data-testid=enrol]");
        Assert.Contains("已参保登记", await ExpectAsync(counter, ".notice"));

        // The person also files for care back in Shenzhen (备案) at the same counter.
        await counter.FillAsync("#file-id", id.Value);
        await counter.FillAsync("#file-city", WorkbenchTopology.Shenzhen);
        await counter.FillAsync("#file-from", "2026-01-01");
        await counter.ClickAsync("[data-testid=file]");
        Assert.Contains("已办理异地就医备案", await ExpectAsync(counter, ".notice"));

        // The person is now found by name at the counter, and the find is audited for them.
        await counter.GotoAsync(workbench.SichuanUrl + "/workbench/persons");
        await counter.FillAsync("#search-name", "王");
        await counter.FillAsync("#search-reason", "窗口办理转移接续");
        await counter.ClickAsync("[data-testid=search-name]");
        Assert.Contains(id.Masked, await ExpectAsync(counter, "[data-testid=found]"));
        await counter.ClickAsync("[data-testid=found] a");
        await counter.FillAsync("#reason", "核对异地就医备案");
        await counter.ClickAsync("[data-testid=open-record]");
        Assert.Contains("440300", await ExpectAsync(counter, "[data-testid=filings]"));
        await counter.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshots.PathOf("workbench-person"), FullPage = true });
        Assert.True(await Sql.ScalarAsync<long>(workbench.Topology.Sichuan.ConnectionString,
            "SELECT count(*) FROM jinbao_api_audit WHERE citizen_id = @id AND route = '/api/v1/agencies/{city}/persons' AND purpose = '窗口办理转移接续'",
            ("id", id.Value)) == 1);
        await counter.GotoAsync(workbench.SichuanUrl + "/workbench/counter");
        await counter.FillAsync("#apply-id", id.Value);
        await counter.FillAsync("#apply-from", WorkbenchTopology.Shenzhen);
        await counter.ClickAsync("[data-testid=apply]");
        await ExpectAsync(counter, "[data-testid=applied-case]");
        var link = await counter.GetAttributeAsync("[data-testid=applied-case]", "href") ?? throw new InvalidOperationException("no case link");
        var transfer = new TransferId(Guid.Parse(link[(link.LastIndexOf('/') + 1)..]));

        await Setup.WaitForAsync(workbench.Topology.Guangdong, transfer, TransferStatus.ContactLetterIssued);
        var shenzhen = await workbench.SignInAsync("chen@" + WorkbenchTopology.Shenzhen);
        await shenzhen.GotoAsync($"{workbench.GuangdongUrl}/workbench/cases/{transfer.Value}");
        await shenzhen.ClickAsync("[data-testid=approve]");
        await Setup.WaitForAsync(workbench.Topology.Sichuan, transfer, TransferStatus.Completed);
        await counter.GotoAsync($"{workbench.SichuanUrl}/workbench/cases/{transfer.Value}");
        Assert.Contains("已办结", await counter.InnerTextAsync("[data-testid=status]"));
        Assert.Contains("王军", await counter.InnerTextAsync("[data-testid=person-name]"));
    }

    [Fact]
    public async Task ExpiredSession_ReturnsToSignIn_WithoutLosingTheForm()
    {
        var transfer = await _cases.AppliedInChengduAsync(await _cases.LeftShenzhenAsync());
        var page = await workbench.SignInAsync("chen@" + WorkbenchTopology.Shenzhen);
        await page.GotoAsync($"{workbench.GuangdongUrl}/workbench/cases/{transfer.Value}");
        const string Reason = "缴费基数与工资不符，请核实后再报";
        await page.FillAsync("#reason", Reason);
        await page.Context.ClearCookiesAsync(); // the session ends while the clerk types

        await page.ClickAsync("[data-testid=reject]");
        await page.WaitForURLAsync("**/workbench/sign-in**");
        await page.FillAsync("#login", "chen@" + WorkbenchTopology.Shenzhen);
        await page.FillAsync("#password", WorkbenchTopology.Password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync($"**/workbench/cases/{transfer.Value}");
        Assert.Equal(Reason, await page.InputValueAsync("#reason"));
        var unchanged = await workbench.Topology.Guangdong.Grains.GetTransferGrain(transfer).GetAsync();
        Assert.Equal(TransferStatus.ContactLetterIssued, unchanged.Status); // the lost submit decided nothing
    }

    [Fact]
    public async Task SignIn_LocksAfterRepeatedWrongPasswords_AndTheLanguageSwitches()
    {
        await using (var scope = workbench.GuangdongApi.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<JinBao.Api.Auth.CredentialStore>()
                .CreateClerkAsync(Primitives.RegionCode.Parse(WorkbenchTopology.Shenzhen), "wu", "clerk");
        }

        var page = await workbench.NewPageAsync(width: 390);
        await page.GotoAsync(workbench.GuangdongUrl + "/workbench/sign-in");
        for (var attempt = 1; attempt <= JinBao.Api.Auth.CredentialStore.MaxFailedSignIns; attempt++)
        {
            await page.FillAsync("#login", "wu@" + WorkbenchTopology.Shenzhen);
            await page.FillAsync("#password", "wrong-" + attempt);
            await page.ClickAsync("button[type=submit]");
            await page.WaitForSelectorAsync(".problem");
        }

        Assert.Contains("已锁定", await page.InnerTextAsync(".problem"));
        var outcomes = await Sql.ScalarAsync<long>(workbench.Topology.Guangdong.ConnectionString,
            "SELECT count(*) FROM jinbao_api_sign_ins WHERE login = 'wu@440300' AND outcome IN ('wrong-secret', 'locked')");
        Assert.Equal(JinBao.Api.Auth.CredentialStore.MaxFailedSignIns, outcomes);

        await page.ClickAsync("a.lang");
        Assert.Contains("Staff sign-in", await page.InnerTextAsync("main"));
        Assert.Equal("en", await page.GetAttributeAsync("html", "lang"));
    }

    /// <summary>The text of <paramref name="selector"/> once it shows; else fails with what the page showed (and a screenshot).</summary>
    private static async Task<string> ExpectAsync(IPage page, string selector)
    {
        try
        {
            return await page.Locator(selector).First.InnerTextAsync(new LocatorInnerTextOptions { Timeout = 20_000 });
        }
        catch (TimeoutException)
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshots.PathOf("failed-" + selector.GetHashCode().ToString("x")), FullPage = true });
            throw new Xunit.Sdk.XunitException($"{page.Url} never showed {selector}; it showed:\n{await page.InnerTextAsync("body")}");
        }
    }
}
