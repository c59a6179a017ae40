using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using PayDesk.Features.Analytics;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Security;
using PayDesk.Features.Notifications;
using PayDesk.Features.Routing;
using PayDesk.Features.Sla;
using PayDesk.Features.Workforce;
using PayDesk.Infrastructure.Data;
using PayDesk.Tests.Infrastructure;

namespace PayDesk.Tests.Features.Demo;

/// <summary>The demo host, seeded once for the class.</summary>
public sealed class DemoHost : IAsyncLifetime
{
    public PayDeskFactory Factory { get; } = new(Provider.Sqlite, demo: true);

    public ValueTask InitializeAsync()
    {
        Factory.StartServer();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => Factory.DisposeAsync();
}

/// <summary>
/// The demo must look like a service centre that works: what the supervisor board, the reports and the
/// disclosure report show over the generated month.
/// </summary>
public sealed class DemoDataTests(DemoHost host) : IClassFixture<DemoHost>
{
    private async Task<T> WithScopeAsync<T>(Func<IServiceProvider, Task<T>> read)
    {
        await using var scope = host.Factory.Services.CreateAsyncScope();
        return await read(scope.ServiceProvider);
    }

    [Fact]
    public async Task Supervisor_board_shows_agents_within_capacity_and_service_levels_between_70_and_98_percent()
    {
        var (overview, sla) = await WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var clock = sp.GetRequiredService<TimeProvider>();
            var overview = (await GetRoutingOverview.HandleAsync(db, sp.GetRequiredService<UserManager<AppUser>>(), clock, CancellationToken.None)).Value!;
            // The board's own query: the last seven days.
            var now = clock.GetUtcNow().UtcDateTime;
            var sla = await sp.GetRequiredService<ReportQueries>().SlaAsync(new ReportFilter(now.AddDays(-7), now), CancellationToken.None);
            return (overview, sla);
        });

        Assert.NotEmpty(overview.Agents);
        Assert.All(overview.Agents, a => Assert.True(a.OpenTickets <= a.TicketCapacity, $"{a.Name}: {a.OpenTickets}/{a.TicketCapacity}"));
        // Busy but not idle: somebody carries a real load.
        Assert.Contains(overview.Agents, a => a.OpenTickets >= a.TicketCapacity / 2);

        var shown = sla.Where(r => r.Met + r.Breached > 0 && !SlaRow.LongerThanAWeek(r.Kind)).ToList();
        Assert.Contains(shown, r => r.Kind == ClockKind.FirstResponse);
        Assert.Contains(shown, r => r.Kind == ClockKind.Resolution);
        // The headline clocks have misses planted in the board's week (DemoTicketPlan.LateThisWeek and the quotas); a
        // small row (a dozen progress updates) may have no miss in a given week, depending on the date the demo is made.
        Assert.All(shown, r => Assert.InRange(r.Compliance, 0.70, r.Kind is ClockKind.FirstResponse or ClockKind.Resolution ? 0.98 : 1.0));
    }

    [Fact]
    public async Task Complaints_wait_minutes_and_open_ones_are_days_old_at_most()
    {
        var (oldestWaiting, oldestOpen, now) = await WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var open = db.Tickets.Where(t => t.Status != TicketStatus.Resolved && t.Status != TicketStatus.Closed);
            return (await open.Where(t => t.OwnerId == null).MinAsync(t => (DateTime?)t.CreatedAt),
                await open.MinAsync(t => (DateTime?)t.CreatedAt), sp.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime);
        });
        // Routing may already have given the waiting complaints to agents; then nothing waits at all.
        if (oldestWaiting is { } waiting) Assert.True(now - waiting < TimeSpan.FromHours(1), $"longest wait {now - waiting}");
        Assert.True(now - oldestOpen!.Value < TimeSpan.FromDays(10), $"oldest open complaint {now - oldestOpen}");
    }

    [Fact]
    public async Task First_contact_resolution_of_the_report_and_of_the_surveys_agree_and_disclosure_medians_are_filled()
    {
        var (summary, surveyed, surveyedFirstTime, disclosure) = await WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var reports = sp.GetRequiredService<ReportQueries>();
            var now = sp.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
            var month = new ReportFilter(now.AddDays(-31), now.AddMinutes(1));
            var answers = db.Surveys.Where(s => s.AnsweredAt != null && s.FirstContactResolved != null);
            return (await reports.SummaryAsync(month, CancellationToken.None), await answers.CountAsync(),
                await answers.CountAsync(s => s.FirstContactResolved == true), await reports.DisclosureAsync(month, CancellationToken.None));
        });

        Assert.InRange(summary.FirstContactResolutionRate, 0.6, 0.9);
        Assert.True(surveyed > 30, $"{surveyed} survey answers");
        var customerSays = (double)surveyedFirstTime / surveyed;
        Assert.True(Math.Abs(customerSays - summary.FirstContactResolutionRate) <= 0.1,
            $"report {summary.FirstContactResolutionRate:P1}, customers {customerSays:P1}");

        Assert.Equal(Enum.GetValues<TicketCategory>().Length, disclosure.Count);
        Assert.All(disclosure, row =>
        {
            Assert.NotNull(row.MedianResolutionHours);
            Assert.NotNull(row.RegulatoryCompliance);
        });
        // Mostly within the regulator's deadline, but not a suspicious 100 % everywhere.
        var met = disclosure.Sum(r => r.RegulatoryMet);
        var breached = disclosure.Sum(r => r.RegulatoryBreached);
        Assert.InRange((double)met / (met + breached), 0.9, 0.995);
    }

    [Fact]
    public void Working_day_targets_read_in_working_days_and_line_targets_in_hours_and_minutes()
    {
        var previous = CultureInfo.CurrentUICulture;
        try
        {
            var l = host.Factory.Services.GetRequiredService<IStringLocalizer<SharedResource>>();
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("zh-CN");
            Assert.Equal("10 个工作日", SlaDurationText.Format(TimeSpan.FromMinutes(10 * SlaOptions.WorkingDayMinutes), DefaultCalendars.Standard, l));
            Assert.Equal("1 个工作日 3 小时", SlaDurationText.Format(TimeSpan.FromMinutes(SlaOptions.WorkingDayMinutes + 3 * 60 + 20), DefaultCalendars.Standard, l));
            Assert.Equal("-2 小时 5 分钟", SlaDurationText.Format(TimeSpan.FromMinutes(-125), DefaultCalendars.Standard, l));
            // Round the clock: hours and minutes under two days, then days and hours (a month read "720 小时").
            Assert.Equal("47 小时 59 分钟", SlaDurationText.Format(TimeSpan.FromMinutes(48 * 60 - 1), DefaultCalendars.AlwaysOpen, l));
            Assert.Equal("30 天", SlaDurationText.Format(TimeSpan.FromHours(720), DefaultCalendars.AlwaysOpen, l));
            Assert.Equal("29 天 23 小时", SlaDurationText.Format(TimeSpan.FromHours(720) - TimeSpan.FromSeconds(30), DefaultCalendars.AlwaysOpen, l));
            Assert.Equal("24 小时", SlaDurationText.Format(TimeSpan.FromHours(24), DefaultCalendars.AlwaysOpen, l));
            // Seconds left are not "0 分钟" (read as over); nothing at all is.
            Assert.Equal("不到 1 分钟", SlaDurationText.Format(TimeSpan.FromSeconds(20), DefaultCalendars.Extended, l));
            Assert.Equal("0 分钟", SlaDurationText.Format(TimeSpan.Zero, DefaultCalendars.Extended, l));
            // Zones read as time, not as configuration.
            Assert.Equal("北京时间", PayDesk.Features.Complaints.ServiceTime.Label("Asia/Shanghai", l));
            Assert.Equal("北京时间", PayDesk.Features.Complaints.ServiceTime.Label(null, l));
            Assert.Equal("Asia/Tokyo (UTC+09:00)", PayDesk.Features.Complaints.ServiceTime.Label("Asia/Tokyo", l));
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en");
            Assert.Equal("2 working days", SlaDurationText.Format(TimeSpan.FromMinutes(2 * SlaOptions.WorkingDayMinutes), DefaultCalendars.Standard, l));
            Assert.Equal("1 working day", SlaDurationText.Format(TimeSpan.FromMinutes(SlaOptions.WorkingDayMinutes), DefaultCalendars.Standard, l));
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    [Theory]
    [InlineData("已为您原路退款。", "已为您原路退款。请点击确认")]
    [InlineData("已为您原路退款", "已为您原路退款。请点击确认")]
    [InlineData("已为您原路退款！", "已为您原路退款！请点击确认")]
    public void A_value_that_ends_its_sentence_never_doubles_the_templates_full_stop(string reason, string expected) =>
        Assert.Equal("方案：" + expected, Notifier.Render("方案：{reason}。请点击确认", new Dictionary<string, string?> { ["reason"] = reason }));

    [Fact]
    public void English_sentences_keep_one_full_stop_too() =>
        Assert.Equal("our solution: Refunded. Accept", Notifier.Render("our solution: {reason}. Accept", new Dictionary<string, string?> { ["reason"] = "Refunded." }));

    [Theory]
    [InlineData(-0.0004, "0.0%")]
    [InlineData(0.0004, "0.0%")]
    [InlineData(0.023, "+2.3%")]
    [InlineData(-0.043, "-4.3%")]
    public void Forecast_error_has_one_sign_or_none(double share, string expected) =>
        Assert.Equal(expected, ForecastErrorText.Format(share, CultureInfo.InvariantCulture));
}
