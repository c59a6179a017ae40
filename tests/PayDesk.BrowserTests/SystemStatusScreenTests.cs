using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Microsoft.Playwright.Assertions;

namespace PayDesk.BrowserTests;

/// <summary>
/// An administrator sees what the balancer sees: each dependency with its state in words and what a failure costs, where
/// the database is and where reports read from. Agents do not get the page.
/// </summary>
public sealed class SystemStatusScreenTests(BrowserFixture browser)
{
    [Fact]
    public async Task An_administrator_reads_each_dependency_in_words_and_where_reports_read_from()
    {
        var page = await browser.NewPageAsync();
        await browser.SignInAsync(page, PayDesk.Tests.Infrastructure.PayDeskFactory.AdminEmail);
        await page.WaitForURLAsync(url => !url.Contains("/account/login"));
        await page.ClickAsync("[data-testid=admin-menu] summary");
        await page.ClickAsync("[data-testid=nav-system]");
        await Expect(page.Locator("h1")).ToHaveTextAsync("系统状态");
        await Expect(page.Locator("[data-testid=system-check-database] [data-testid=system-status-database]")).ToHaveTextAsync("正常");
        await Expect(page.Locator("[data-testid=system-check-database]")).ToContainTextAsync("投诉、页面和接口正常读写");
        // No replica in this host: healthy, and the reports read the primary.
        await Expect(page.Locator("[data-testid=system-status-read_replica]")).ToHaveTextAsync("正常");
        await Expect(page.Locator("[data-testid=system-reports]")).ToHaveTextAsync("主库（未配置只读副本）");
        await Expect(page.Locator("[data-testid=system-database]")).ToContainTextAsync("SQLite");
        // The test hosts write with synchronous=OFF (unless PAYDESK_TEST_SQLITE_SYNCHRONOUS says otherwise): said in words, as a
        // warning, not as a bare "OFF".
        if (browser.Factory.Services.GetRequiredService<PayDesk.Infrastructure.Data.StorageOptions>().SqliteSynchronous == "OFF")
        {
            await Expect(page.Locator("[data-testid=system-durability]")).ToContainTextAsync("仅供测试");
            await Expect(page.Locator("[data-testid=system-durability]")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bwarn\b"));
        }
        // The assistant's models: built-in intents (or v2, once the roll-back test below has stored versions on this shared
        // host); the test hosts turn the offline English model off; no endpoint.
        await Expect(page.Locator("[data-testid=system-assistant-version]")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^(内置模型（随版本发布的语料训练）|训练版本 v2（assistant train）)$"));
        await Expect(page.Locator("[data-testid=system-assistant-offline]")).ToHaveTextAsync("已关闭（英文只用 TF-IDF）");
        await Expect(page.Locator("[data-testid=system-assistant-endpoint]")).ToHaveTextAsync("未配置（Assistant:Embeddings:Endpoint）");
        // Every check named in words, none by its code.
        var names = await page.Locator("[data-testid=system-checks] tbody tr td:first-child").AllInnerTextsAsync();
        Assert.True(names.Count >= 4, string.Join(", ", names));
        Assert.All(names, n => Assert.DoesNotContain("_", n));
        // The technical text stays one click away.
        var detail = page.Locator("[data-testid=system-check-read_replica] details");
        await Expect(detail.Locator("code")).ToBeHiddenAsync();
        await detail.Locator("summary").ClickAsync();
        await Expect(detail.Locator("code")).ToContainTextAsync("No read replica configured");
        await AdminShots.BothAsync(page, "system-status");

        var agent = await browser.NewPageAsync();
        await browser.SignInAsync(agent, "agent@paydesk.local");
        await agent.WaitForURLAsync(url => !url.Contains("/account/login"));
        await agent.GotoAsync("/admin/system");
        await Expect(agent.Locator("[data-testid=system-checks]")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task An_administrator_rolls_the_assistant_back_to_an_earlier_model_version()
    {
        // Two stored versions trained on the shipped utterances (the built-in model's data: the host's assistant answers as
        // before whichever serves, so other screens' tests are unaffected); v2 active, as after a training.
        var model = PayDesk.Features.Assistant.IntentModel.Train(PayDesk.Features.Assistant.AssistantTraining.ShippedSplit().Train);
        await using (var scope = browser.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PayDesk.Infrastructure.Data.AppDbContext>();
            if (!await db.AssistantModels.AnyAsync())
            {
                foreach (var (version, active, sources) in new[] { (1, false, "shipped utterances (4860)"), (2, true, "shipped utterances (4860), resolved complaints (312)") })
                {
                    db.AssistantModels.Add(new PayDesk.Features.Assistant.AssistantModelVersion
                    {
                        Version = version, CreatedAt = DateTime.UtcNow.AddDays(version - 3), Examples = model.Examples.Count, Intents = model.Intents.Count,
                        Accuracy = 0.958 + version / 1000.0, Active = active, Sources = sources, Payload = model.Serialize(),
                    });
                }
                await db.SaveChangesAsync();
            }
        }
        var page = await browser.NewPageAsync();
        await browser.SignInAsync(page, PayDesk.Tests.Infrastructure.PayDeskFactory.AdminEmail);
        await page.WaitForURLAsync(url => !url.Contains("/account/login"));
        await page.ClickAsync("[data-testid=admin-menu] summary");
        await page.ClickAsync("[data-testid=nav-assistant-models]");
        await Expect(page.Locator("h1")).ToHaveTextAsync("智能助手模型版本");
        await Expect(page.Locator("[data-testid=assistant-version-2] [data-testid=assistant-version-active]")).ToHaveTextAsync("使用中");
        await Expect(page.Locator("[data-testid=assistant-version-1]")).ToContainTextAsync("95.90%");

        await page.ClickAsync("[data-testid=assistant-version-activate-1]");
        await Expect(page.Locator("[data-testid=assistant-version-activated]")).ToContainTextAsync("已启用版本 v1");
        await Expect(page.Locator("[data-testid=assistant-version-1] [data-testid=assistant-version-active]")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid=assistant-version-activate-2]")).ToBeVisibleAsync();
        // The server the administrator acted on serves it at once (the others on their next round).
        await Expect(page.Locator("[data-testid=assistant-version-serving]")).ToContainTextAsync("训练版本 v1");
        await AdminShots.BothAsync(page, "assistant-versions");

        // Written down: who chose which version, from which.
        await using (var scope = browser.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PayDesk.Infrastructure.Data.AppDbContext>();
            var entry = await db.AuditEntries.Where(a => a.EntityType == PayDesk.Features.Assistant.AssistantVersions.AuditEntity).OrderBy(a => a.Id).LastAsync();
            Assert.Contains("\"to\":1", entry.Changes);
        }
        // Back to v2 so the host ends as it started for this test (the same data either way).
        await page.ClickAsync("[data-testid=assistant-version-activate-2]");
        await Expect(page.Locator("[data-testid=assistant-version-serving]")).ToContainTextAsync("训练版本 v2");
    }
}
