using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using PayDesk.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace PayDesk.BrowserTests;

/// <summary>The supervisor dashboard updates itself: a new complaint appears without reloading.</summary>
[LongRunning(33)]
public sealed class DashboardScreenTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_supervisor_sees_a_new_complaint_appear_without_reloading()
    {
        var page = await browser.NewPageAsync();
        await browser.SignInAsync(page, "supervisor@paydesk.local");
        await page.WaitForURLAsync(url => !url.Contains("/account/login"));
        await page.GotoAsync("/supervisor");
        await Expect(page.Locator("[data-testid=latest-complaints] li").First).ToBeVisibleAsync();
        // The service-level chart's dashed line is named on the page (it was a hover title only, which a phone never shows).
        await Expect(page.Locator("[data-testid=board-sla-target]")).ToHaveTextAsync("红色虚线：目标 80 %");
        // The board's figures are one read shared by every board on the instance for a few seconds, so those shown first may
        // predate a complaint another test filed a moment ago: the count is taken from the first read made after the page opened.
        var updated = page.Locator("[data-testid=live-updated]");
        var firstRead = await updated.InnerTextAsync();
        await Expect(updated).Not.ToHaveTextAsync(firstRead, new() { Timeout = 15_000 });
        var before = int.Parse(await page.Locator("[data-testid=new-today]").InnerTextAsync());

        var subject = "看板实时 " + Guid.NewGuid().ToString("N")[..6];
        var admin = await browser.Factory.AdminClientAsync();
        var created = await admin.PostAsJsonAsync("/api/v1/tickets", new
        {
            channel = "app", customer = new { name = "看板客户", phone = "136" + Random.Shared.Next(10_000_000, 99_999_999) }, subject, description = "实时看板测试",
        });
        created.EnsureSuccessStatusCode();

        await Expect(page.Locator("[data-testid=latest-complaints]")).ToContainTextAsync(subject, new() { Timeout = 15_000 });
        // At least this one more: tests running beside this one file complaints of their own (one did, between the two reads, on CI).
        var after = int.Parse(await page.Locator("[data-testid=new-today]").InnerTextAsync());
        Assert.True(after >= before + 1, $"today's count went from {before} to {after} after a new complaint");
        // The hourly bars say what their height stands for (they have no axis of their own).
        await Expect(page.Locator("[data-testid=by-hour-scale]")).ToContainTextAsync("柱高为每小时件数");
        await browser.ScreenshotAsync(page, "supervisor-dashboard");

        // A centre has thousands of agents: the table shows one team at a time, fifty to a page.
        var team = page.Locator("[data-testid=agents-team] option").Nth(1);
        var (teamValue, teamName) = (await team.GetAttributeAsync("value"), await team.InnerTextAsync());
        await page.SelectOptionAsync("[data-testid=agents-team]", teamValue!);
        // As a person does it: the filter's own button (a script's requestSubmit once left the page where it was on CI,
        // the live board re-rendering around the form), and the page counted as arrived when the new address commits.
        await page.Locator("form.filters:has([data-testid=agents-team]) button[type=submit]").ClickAsync();
        await page.WaitForURLAsync(new Regex("team=[^&]+"), new() { WaitUntil = WaitUntilState.Commit });
        await Expect(page.Locator("[data-testid=agents-team]")).ToHaveValueAsync(teamValue!);
        var teams = await page.Locator("[data-testid=agents] tbody tr td:nth-child(2)").AllInnerTextsAsync();
        Assert.NotEmpty(teams);
        Assert.All(teams, t => Assert.Equal(teamName, t));
    }

    [Fact]
    public async Task An_admin_adds_a_staff_member_and_reads_the_audit_log()
    {
        var page = await browser.NewPageAsync();
        await browser.SignInAsync(page, PayDesk.Tests.Infrastructure.PayDeskFactory.AdminEmail);
        await page.WaitForURLAsync(url => !url.Contains("/account/login"));
        await page.GotoAsync("/admin/users");
        var email = $"new.agent{Random.Shared.Next(100000, 999999)}@paydesk.local";
        await page.FillAsync("[data-testid=new-user-email]", email);
        await page.SelectOptionAsync("[data-testid=new-user-role]", "expert");
        await page.ClickAsync("[data-testid=new-user-add]");
        await Expect(page.Locator("[data-testid=users-created]")).ToContainTextAsync(email);
        await Expect(page.Locator("[data-testid=users]")).ToContainTextAsync(email);
        await browser.ScreenshotAsync(page, "admin-users");

        // The first password was seen by the administrator: the new person must replace it before anything else
        // (a newcomer's walk found them going straight to the inbox).
        var first = System.Text.RegularExpressions.Regex.Match(await page.Locator("[data-testid=users-created]").InnerTextAsync(), @"：([A-Za-z0-9]{16})").Groups[1].Value;
        var newcomer = await browser.NewPageAsync();
        await newcomer.GotoAsync("/account/login");
        await newcomer.FillAsync("#email", email);
        await newcomer.FillAsync("#password", first);
        await newcomer.ClickAsync("[data-testid=login-submit]");
        await newcomer.WaitForURLAsync("**/account/security?required=password");
        await page.GotoAsync("/admin/audit?type=Customer");
        await Expect(page.Locator("[data-testid=audit-log] li").First).ToBeVisibleAsync();
        await browser.ScreenshotAsync(page, "audit-log");
    }

    [Fact]
    public async Task A_customer_signs_in_to_the_portal_with_a_text_code()
    {
        var phone = "135" + Random.Shared.Next(10_000_000, 99_999_999);
        var admin = await browser.Factory.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/customers", new { name = "手机登录客户", phone })).EnsureSuccessStatusCode();
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/account/login");
        await page.ClickAsync("[data-testid=phone-login-link]");
        await page.FillAsync("[data-testid=phone-login-phone]", phone);
        await page.ClickAsync("[data-testid=phone-login-send]");
        await Expect(page.Locator("[data-testid=phone-login-sent]")).ToBeVisibleAsync();
        await browser.Factory.DispatchNotificationsAsync();
        var sms = browser.Factory.Outbox("sms").Last(m => m.To == phone[..3] + "****" + phone[^4..]);
        var code = System.Text.RegularExpressions.Regex.Match(sms.Body, @"\d{6}").Value;

        await page.FillAsync("[data-testid=phone-login-code]", code == "000000" ? "111111" : "000000");
        await page.ClickAsync("[data-testid=phone-login-verify]");
        await Expect(page.Locator("[data-testid=phone-login-error]")).ToBeVisibleAsync();
        await page.FillAsync("[data-testid=phone-login-code]", code);
        await page.ClickAsync("[data-testid=phone-login-verify]");
        await page.WaitForURLAsync("**/my");
        await Expect(page.Locator("[data-testid=current-user]")).ToHaveTextAsync("手机登录客户");
        await browser.ScreenshotAsync(page, "portal-phone-sign-in");
    }

    [Fact]
    public async Task Agents_move_through_the_inbox_with_the_keyboard()
    {
        var page = await browser.NewPageAsync();
        await browser.SignInAsync(page, "agent@paydesk.local");
        await page.WaitForURLAsync("**/inbox");
        await page.GotoAsync("/inbox?view=mine");
        await Expect(page.Locator("[data-testid=inbox] tbody tr").First).ToBeVisibleAsync();
        await page.WaitForLoadStateAsync(Microsoft.Playwright.LoadState.Load);
        await page.Keyboard.PressAsync("?");
        await Expect(page.Locator("[data-testid=shortcuts]")).ToBeVisibleAsync();
        await page.Keyboard.PressAsync("j");
        await page.Keyboard.PressAsync("j");
        var second = await page.Locator("[data-testid=inbox] tbody tr").Nth(1).Locator("[data-testid=ticket-link]").InnerTextAsync();
        await Expect(page.Locator("[data-testid=inbox] tbody tr.selected")).ToHaveCountAsync(1);
        await page.Keyboard.PressAsync("o");
        await page.WaitForURLAsync("**/tickets/" + second);
        await page.GotoAsync("/inbox?view=mine");
        // The shortcuts script is deferred: wait for the page to finish loading before typing.
        await page.WaitForLoadStateAsync(Microsoft.Playwright.LoadState.Load);
        await page.Keyboard.PressAsync("/");
        await Expect(page.Locator("[data-testid=filter-text]")).ToBeFocusedAsync();
        await browser.ScreenshotAsync(page, "inbox-views");
    }

    [Fact]
    public async Task Filters_keep_the_chosen_tab_and_a_supervisor_opens_one_agents_complaints_from_their_name()
    {
        // A walk: on 我负责的, choosing a status listed everyone's complaints; and a supervisor had no way to find one
        // agent's complaints but reading 113 closed ones by eye.
        var page = await browser.NewPageAsync();
        await browser.SignInAsync(page, "agent@paydesk.local");
        await page.WaitForURLAsync("**/inbox");
        await page.GotoAsync("/inbox?view=mine");
        // An owner's cell is their name, with their team on a second line.
        static string Name(string cell) => cell.Split('\n')[0].Trim();
        var mine = (await page.Locator("[data-testid=inbox-owner]").AllInnerTextsAsync()).Select(Name).Distinct().ToList();
        var agentName = Assert.Single(mine);
        await page.SelectOptionAsync("[data-testid=filter-status]", "InProgress");
        await page.ClickAsync("form.filters button[type=submit]");
        await page.WaitForURLAsync(u => u.Contains("status=InProgress", StringComparison.Ordinal));
        Assert.Contains("view=mine", page.Url);
        Assert.All(await page.Locator("[data-testid=inbox-owner]").AllInnerTextsAsync(), t => Assert.Equal(agentName, Name(t)));

        var supervisor = await browser.NewPageAsync();
        await browser.SignInAsync(supervisor, "supervisor@paydesk.local");
        await supervisor.GotoAsync("/inbox?status=Closed");
        var link = supervisor.Locator("[data-testid=owner-link]").First;
        var owner = (await link.InnerTextAsync()).Trim();
        await link.ClickAsync();
        await supervisor.WaitForURLAsync(u => u.Contains("owner=", StringComparison.Ordinal));
        Assert.Contains("status=Closed", supervisor.Url);
        // Enhanced navigation changes the address before the list: wait for the owner filter to show the name first.
        await Expect(supervisor.Locator("select[name=owner] option:checked")).ToHaveTextAsync(owner);
        Assert.All(await supervisor.Locator("[data-testid=inbox-owner]").AllInnerTextsAsync(), t => Assert.Equal(owner, Name(t)));
        await browser.ScreenshotAsync(supervisor, "inbox-one-agent");

        // On a phone each complaint's card ends with its owner, a link too.
        var phone = await ScreenSizes.NewPageAsync(browser, ScreenSizes.Phone);
        await browser.SignInAsync(phone, "supervisor@paydesk.local");
        await phone.GotoAsync("/inbox?status=Closed");
        await Expect(phone.Locator("[data-testid=owner-link]").First).ToBeVisibleAsync();
        await browser.ScreenshotAsync(phone, "inbox-owner-phone");
    }
}
