using PayDesk.Tests.Infrastructure;

namespace PayDesk.Tests.Features.Demo;

public sealed class DemoPostgresHost() : HostFixture(Provider.Postgres, demo: true);

/// <summary>
/// Every page each demo account can reach, over the demo's month of complaints, chats, incidents, reviews and follow-up
/// visits: pages meet there the states an empty test database never has. Run on PostgreSQL, where Blazor renders pages
/// between their reads (a page half loaded answered 500 there only); on SQLite the browser suite walks the same demo.
/// </summary>
public abstract class DemoPagesTests(HostFixture host)
{
    [Fact]
    public async Task Every_page_each_demo_account_reaches_answers()
    {
        var failed = new List<string>();
        foreach (var email in new[] { PayDeskFactory.AdminEmail, "supervisor@paydesk.local", "agent@paydesk.local", "expert@paydesk.local" })
        {
            var client = await host.Factory.ClientForAsync(email, PayDeskFactory.AdminPassword);
            Assert.True(await PageCrawl.RunAsync(client, "/inbox", [], email, failed) > 20, email);
        }
        var english = await host.Factory.ClientForAsync("supervisor@paydesk.local", PayDeskFactory.AdminPassword);
        await english.GetAsync("/culture?c=en&returnUrl=/inbox");
        await PageCrawl.RunAsync(english, "/inbox", [], "supervisor, English", failed, english: true);
        var customer = await host.Factory.ClientForAsync("customer@paydesk.local", PayDeskFactory.AdminPassword);
        var mine = await customer.GetStringAsync("/my");
        var own = System.Text.RegularExpressions.Regex.Matches(mine, "href=\"(/my/tickets/[^\"]+)\"").Select(m => m.Groups[1].Value).Distinct().Take(5).ToList();
        Assert.NotEmpty(own);
        await PageCrawl.RunAsync(customer, "/help", own, "customer", failed);
        Assert.True(failed.Count == 0, string.Join("\n", failed));
    }
}

[LongRunning(16)]
public sealed class DemoPagesPostgresTests(DemoPostgresHost host) : DemoPagesTests(host), IClassFixture<DemoPostgresHost>;
