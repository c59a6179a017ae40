using System.Net.Http.Json;
using System.Text.Json;
using PayDesk.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace PayDesk.BrowserTests;

/// <summary>
/// Quality reviews on screen (issue 19): the supervisor edits the rubric, draws a sample of the agent's week, picks another
/// complaint of hers by hand and scores it beside the complaint's history with comments on two messages; the agent's
/// scorecard counts it, she disputes on "my reviews" (it stops counting), a second reviewer settles and her scorecard shows
/// the settled score; a calibration shows the spread. Screenshots of each screen at desktop and phone size.
/// </summary>
[LongRunning(32)]
public sealed class QualityReviewScreenTests(PrivateBrowserFixture browser) : IClassFixture<PrivateBrowserFixture>
{
    private sealed class PhoneFit
    {
        public int PageOverflow { get; set; }
        public int BoxOverflow { get; set; }
        public int HiddenCells { get; set; }
        public double BoxRight { get; set; }
        public int ViewportWidth { get; set; }

        public override string ToString() => $"page +{PageOverflow}px, box +{BoxOverflow}px, {HiddenCells} hidden cells, box right {BoxRight}/{ViewportWidth}";
    }

    /// <summary>
    /// At phone width a wide table keeps every column and scrolls sideways inside its own box: the page itself is no
    /// wider than the phone, the box is (its content overflows it), and the box ends inside the viewport.
    /// </summary>
    private static async Task ScrollsInsideOnPhoneAsync(Microsoft.Playwright.IPage page, string table)
    {
        await page.SetViewportSizeAsync(390, 844);
        var fit = await page.EvaluateAsync<PhoneFit>("""
            (selector) => {
                const table = document.querySelector(selector);
                const box = table.closest('.qa-scroll');
                return {
                    pageOverflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
                    boxOverflow: box.scrollWidth - box.clientWidth,
                    hiddenCells: [...table.querySelectorAll('th, td')].filter(c => getComputedStyle(c).display === 'none').length,
                    boxRight: box.getBoundingClientRect().right,
                    viewportWidth: window.innerWidth,
                };
            }
            """, table);
        await page.SetViewportSizeAsync(1366, 900);
        Assert.True(fit.PageOverflow <= 0, $"{table}: the page is {fit.PageOverflow}px wider than the phone");
        Assert.True(fit.BoxOverflow > 0, $"{table}: the table does not scroll inside its box ({fit})");
        Assert.Equal(0, fit.HiddenCells);
        Assert.True(fit.BoxRight <= fit.ViewportWidth, $"{table}: its box ends at {fit.BoxRight}px, beyond the phone's {fit.ViewportWidth}px");
    }

    /// <summary>A complaint of the agent 王芳: the customer writes, she takes it on and answers; returns its id and number.</summary>
    private async Task<(string Id, string Number)> AgentComplaintAsync(HttpClient admin, HttpClient agentApi, string subject, bool escalate = false)
    {
        var created = await admin.PostAsJsonAsync("/api/v1/tickets", new
        {
            channel = "phone", customer = new { name = "质检演示客户", phone = "137" + Random.Shared.Next(10_000_000, 99_999_999) },
            subject, description = "同一笔扫码支付被扣了两次", category = "funds",
        });
        created.EnsureSuccessStatusCode();
        var ticket = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = ticket.GetProperty("id").GetString()!;
        // The dispatcher may hand a new complaint to any online agent; the review is about 王芳's work, so she owns it.
        var agentId = (await agentApi.GetFromJsonAsync<JsonElement>("/api/v1/auth/me")).GetProperty("id").GetString();
        (await admin.PostAsJsonAsync($"/api/v1/tickets/{id}/reassign", new { ownerId = agentId, reason = "质检演示" })).EnsureSuccessStatusCode();
        (await agentApi.PostAsJsonAsync($"/api/v1/tickets/{id}/transitions", new { trigger = "acknowledge" })).EnsureSuccessStatusCode();
        (await agentApi.PostAsJsonAsync($"/api/v1/tickets/{id}/transitions", new { trigger = "start_work" })).EnsureSuccessStatusCode();
        if (escalate) (await agentApi.PostAsJsonAsync($"/api/v1/tickets/{id}/escalate", new { reason = "客户要求升级处理" })).EnsureSuccessStatusCode();
        return (id, ticket.GetProperty("number").GetString()!);
    }

    /// <summary>The agent's own scorecard, as she sees it: the reviewers' (manual) score, or null when no final review counts yet.</summary>
    private static async Task<decimal?> ManualScoreOnScorecardAsync(Microsoft.Playwright.IPage agent)
    {
        await agent.GotoAsync("/quality/scorecards");
        await Expect(agent.Locator("[data-testid=scorecard-own]")).ToBeVisibleAsync();
        var manual = agent.Locator("[data-testid=scorecard-total][data-kind=manual] [data-testid=scorecard-total-score]");
        return await manual.CountAsync() == 0 ? null : decimal.Parse(await manual.InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The figure in a label such as "总分 88.1".</summary>
    private static decimal NumberIn(string text) =>
        decimal.Parse(System.Text.RegularExpressions.Regex.Match(text, @"\d+(\.\d+)?").Value, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The scorecard shows one decimal of the review's total (0.05 either way is rounding, a different review is far more).</summary>
    private static void AssertShown(decimal total, decimal? shown)
    {
        Assert.NotNull(shown);
        Assert.True(Math.Abs(total - shown.Value) <= 0.06m, $"the scorecard shows {shown}, the review's total is {total}");
    }

    [Fact]
    public async Task Supervisor_scores_agent_disputes_second_reviewer_settles_and_calibration_shows_the_spread()
    {
        var admin = await browser.Factory.AdminClientAsync();
        var agentApi = await browser.Factory.ClientForAsync("agent@paydesk.local", PayDeskFactory.AdminPassword);
        // An escalated complaint of 王芳's this week: every sample of her week must take it (a must-review).
        var (_, escalatedNumber) = await AgentComplaintAsync(admin, agentApi, "提现到账延迟，客户要求升级", escalate: true);

        // The supervisor edits the default rubric: a new item, saved as version 2.
        var page = await browser.NewPageAsync();
        await browser.SignInAsync(page, "supervisor@paydesk.local");
        await page.WaitForURLAsync(url => !url.Contains("/account/login"));
        await page.ClickAsync("[data-testid=quality-menu] summary");
        await page.ClickAsync("[data-testid=quality-menu] a[href='/quality/rubrics']");
        await Expect(page.Locator("[data-testid=item-name-1]")).ToHaveValueAsync("核实身份后再谈账户");
        var rows = await page.Locator("[data-testid=rubric-row]").CountAsync();
        var blank = rows - 2;
        await page.FillAsync($"[data-testid=item-name-{blank}]", "确认客户诉求");
        await page.FillAsync($"[data-testid=item-weight-{blank}]", "5");
        await page.ClickAsync("[data-testid=rubric-save]");
        await Expect(page.Locator("[data-testid=rubric-saved]")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid=rubric-versions]")).ToBeVisibleAsync();
        await ScrollsInsideOnPhoneAsync(page, "[data-testid=rubric-items]");
        await AdminShots.BothAsync(page, "quality-rubric-editor");

        // Draws this week's sample for 王芳 on the screen: her escalated complaint is drawn and listed in the queue.
        await page.GotoAsync("/quality/reviews");
        await page.SelectOptionAsync("[data-testid=sample-agent]", new Microsoft.Playwright.SelectOptionValue { Label = "王芳" });
        await page.FillAsync("[data-testid=sample-per-agent]", "2");
        await page.ClickAsync("[data-testid=sample-draw]");
        await Expect(page.Locator("[data-testid=sample-drawn]")).ToBeVisibleAsync();
        var drawn = int.Parse(System.Text.RegularExpressions.Regex.Match(await page.Locator("[data-testid=sample-drawn]").InnerTextAsync(), @"\d+").Value);
        Assert.True(drawn >= 1, $"drew {drawn}");
        var drawnRow = page.Locator("[data-testid=review-row]", new() { HasText = escalatedNumber });
        await Expect(drawnRow).ToHaveCountAsync(1);
        await Expect(drawnRow).ToContainTextAsync("王芳");
        await Expect(drawnRow).ToContainTextAsync("已升级");
        await AdminShots.BothAsync(page, "quality-review-queue");
        // On a phone each review is a card: its score and its link in sight, not behind a sideways scroll.
        await page.SetViewportSizeAsync(ScreenSizes.Phone.Width, ScreenSizes.Phone.Height);
        await drawnRow.EvaluateAsync("row => row.scrollIntoView({ block: 'start' })");
        await Expect(drawnRow.Locator("[data-testid=review-total]")).ToBeInViewportAsync(new() { Ratio = 0.9f });
        await Expect(drawnRow.Locator("[data-testid=open-review]")).ToBeInViewportAsync(new() { Ratio = 0.9f });
        await page.SetViewportSizeAsync(1366, 900);

        // Then 王芳 handles another complaint (after the draw, so no sample takes it), and the supervisor picks it by hand.
        var (id, number) = await AgentComplaintAsync(admin, agentApi, "扫码支付重复扣款");
        (await agentApi.PostAsJsonAsync($"/api/v1/tickets/{id}/messages", new { body = "您好，已核实重复扣款，3个工作日内原路退回。" })).EnsureSuccessStatusCode();
        (await agentApi.PostAsJsonAsync($"/api/v1/tickets/{id}/messages", new { body = "客户来电催促，已安抚并记录。", visibility = "internal" })).EnsureSuccessStatusCode();
        await page.GotoAsync("/quality/reviews");
        await page.FillAsync("[data-testid=pick-number]", number);
        await page.ClickAsync("[data-testid=pick-submit]");
        await page.WaitForURLAsync("**/quality/reviews/*");
        var reviewUrl = page.Url;

        // Scores it beside the history, with comments on two messages.
        await page.GotoAsync(reviewUrl);
        foreach (var (text, comment) in new[] { ("3个工作日内原路退回", "时效告知清楚"), ("已安抚并记录", "安抚到位，但未复述诉求") })
        {
            var item = page.Locator("[data-testid=history-item]", new() { HasText = text });
            await item.Locator("details summary").ClickAsync();
            await item.Locator("[data-testid=comment-body]").FillAsync(comment);
            await item.Locator("[data-testid=comment-submit]").ClickAsync();
            await Expect(page.Locator("[data-testid=history-item]", new() { HasText = text }).Locator("[data-testid=review-comment]")).ToContainTextAsync(comment);
        }
        foreach (var key in new[] { "greeting", "verify_before_account", "correct_category", "solution_offered", "next_steps", "no_forbidden_phrases", "closing" })
        {
            await page.CheckAsync($"[data-testid=score-{key}-pass]");
        }
        await page.CheckAsync("[data-testid=score-closing-partial]");
        await page.FillAsync("[data-testid=score-accurate_info-points]", "3");
        await page.FillAsync("[data-testid=score-empathy-points]", "4");
        var newItem = page.Locator("[data-testid=score-item]", new() { HasText = "确认客户诉求" });
        await newItem.Locator("input[type=radio]").First.CheckAsync();
        await page.FillAsync("[data-testid=score-summary]", "处理规范，信息说明可更完整");
        await AdminShots.BothAsync(page, "quality-review-workspace");
        await page.ClickAsync("[data-testid=score-submit]");
        await Expect(page.Locator("[data-testid=review-status]")).ToHaveTextAsync("待坐席确认");
        var total = await page.Locator("[data-testid=review-total]").InnerTextAsync();
        // The items' points add up on the page to the total, out of 100.
        var sum = await page.Locator("[data-testid=score-sum] td.num").InnerTextAsync();
        Assert.EndsWith("/ 100", sum.Trim());
        Assert.Equal(NumberIn(total), NumberIn(sum));

        // The agent's scorecard counts the submitted review at once.
        var agent = await browser.NewPageAsync();
        await browser.SignInAsync(agent, "agent@paydesk.local");
        await agent.WaitForURLAsync(url => !url.Contains("/account/login"));
        var submitted = NumberIn(total);
        AssertShown(submitted, await ManualScoreOnScorecardAsync(agent));
        await AdminShots.BothAsync(agent, "quality-scorecard-agent");

        // She sees it on "my reviews" and disputes.
        await agent.GotoAsync("/");
        await agent.ClickAsync("[data-testid=quality-menu] summary");
        await Expect(agent.Locator("[data-testid=quality-menu] a[href='/quality/rubrics']")).ToHaveCountAsync(0);
        await agent.ClickAsync("[data-testid=quality-menu] a[href='/quality/mine']");
        var mine = agent.Locator("[data-testid=review-row]", new() { HasText = number });
        await Expect(mine).ToContainTextAsync("待坐席确认");
        await AdminShots.BothAsync(agent, "quality-my-reviews");
        await mine.Locator("[data-testid=open-review]").ClickAsync();
        await Expect(agent.Locator("[data-testid=review-comment]")).ToHaveCountAsync(2);
        await Expect(agent.Locator("[data-testid=score-form]")).ToHaveCountAsync(0);
        await agent.FillAsync("[data-testid=dispute-reason]", "回复中已说明退回渠道和时效，信息是准确的");
        await agent.ClickAsync("[data-testid=review-dispute-submit]");
        await Expect(agent.Locator("[data-testid=review-status]")).ToHaveTextAsync("申诉中");
        // While the dispute waits for a second reviewer the review does not count on her scorecard.
        Assert.Null(await ManualScoreOnScorecardAsync(agent));
        // The first reviewer cannot settle it.
        await page.ReloadAsync();
        await Expect(page.Locator("[data-testid=review-settle]")).ToHaveCountAsync(0);

        // A second reviewer (the administrator) settles: accuracy 5 of 5.
        var second = await browser.NewPageAsync();
        await browser.SignInAsync(second, PayDeskFactory.AdminEmail);
        await second.WaitForURLAsync(url => !url.Contains("/account/login"));
        await second.GotoAsync("/quality/reviews?scope=disputes");
        await second.Locator("[data-testid=review-row]", new() { HasText = number }).Locator("[data-testid=open-review]").ClickAsync();
        await second.CheckAsync("[data-testid=settle-change]");
        await second.FillAsync("[data-testid=settle-accurate_info]", "5");
        await second.FillAsync("[data-testid=settle-note]", "回复已说明退回渠道与时效，信息准确");
        await second.ClickAsync("[data-testid=settle-submit]");
        await Expect(second.Locator("[data-testid=review-status]")).ToHaveTextAsync("已裁定");
        await Expect(second.Locator("[data-testid=review-settlement]")).ToContainTextAsync("信息准确");
        var settledText = await second.Locator("[data-testid=review-total]").InnerTextAsync();
        Assert.NotEqual(total, settledText);
        await AdminShots.BothAsync(second, "quality-review-settled");
        // Her scorecard now shows the settled score, not the one she disputed.
        var settled = NumberIn(settledText);
        Assert.True(settled > submitted, $"settled {settled}, submitted {submitted}");
        AssertShown(settled, await ManualScoreOnScorecardAsync(agent));

        // Calibration: the supervisor and the administrator score the same complaint on their own.
        await second.GotoAsync("/quality/reviews");
        await second.FillAsync("[data-testid=calibrate-number]", number);
        foreach (var box in await second.Locator("[data-testid=calibrations] input[type=checkbox]").AllAsync())
        {
            await box.CheckAsync();
        }
        await second.ClickAsync("[data-testid=calibrate-submit]");
        await second.WaitForURLAsync("**/quality/calibrations/*");
        await Expect(second.Locator("[data-testid=calibration-waiting]")).ToBeVisibleAsync();
        var calibration = second.Url.Split('/').Last();
        var reviewers = new[] { await browser.Factory.ClientForAsync("supervisor@paydesk.local", PayDeskFactory.AdminPassword), admin };
        var values = new[] { 2, 1 };
        for (var i = 0; i < reviewers.Length; i++)
        {
            var view = await reviewers[i].GetFromJsonAsync<JsonElement>($"/api/v1/quality/calibrations/{calibration}");
            var review = view.GetProperty("myReviewId").GetString();
            var detail = await reviewers[i].GetFromJsonAsync<JsonElement>($"/api/v1/quality/reviews/{review}");
            var scores = detail.GetProperty("scores").EnumerateArray().Select(s => new
            {
                itemKey = s.GetProperty("itemKey").GetString(),
                value = s.GetProperty("scale").GetString() == "points" ? s.GetProperty("maxPoints").GetInt32() - i : values[i],
            }).ToArray();
            (await reviewers[i].PostAsJsonAsync($"/api/v1/quality/reviews/{review}/submit", new { scores })).EnsureSuccessStatusCode();
        }
        await second.ReloadAsync();
        await Expect(second.Locator("[data-testid=calibration-total]")).ToBeVisibleAsync();
        await Expect(second.Locator("[data-testid=calibration-item]").First).ToBeVisibleAsync();
        // Pass/partial/fail items read in words, as the reviewers chose them, not as "2 /2".
        await Expect(second.Locator("[data-testid=calibration-item]").First).ToContainTextAsync(new System.Text.RegularExpressions.Regex("通过|部分|不通过"));
        await ScrollsInsideOnPhoneAsync(second, "[data-testid=calibration-result] table");
        await AdminShots.BothAsync(second, "quality-calibration");
        // On the phone the spread columns are there, one swipe to the right inside the table's box.
        await second.SetViewportSizeAsync(390, 844);
        await second.EvaluateAsync("() => { const box = document.querySelector('[data-testid=calibration-result] .qa-scroll'); box.scrollLeft = box.scrollWidth; }");
        if (BrowserFixture.DocsShots) await second.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.DocsScreens(), "quality-calibration-phone-scrolled.png"), FullPage = true });
        await second.SetViewportSizeAsync(1366, 900);
    }
}
