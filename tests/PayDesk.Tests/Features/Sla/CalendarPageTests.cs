using System.Net;
using System.Net.Http.Json;
using PayDesk.Tests.Features.Incidents;
using PayDesk.Tests.Infrastructure;

namespace PayDesk.Tests.Features.Sla;

/// <summary>
/// The calendars page points out a calendar with nothing entered for next year (a walk found 2027 empty in December, with
/// deadlines already running into it and nothing saying so). The host's clock is 10 November 2026.
/// </summary>
public sealed class CalendarPageTests(ClockedIncidentSqliteHost host) : IClassFixture<ClockedIncidentSqliteHost>
{
    [Fact]
    public async Task From_October_a_calendar_without_next_years_days_is_pointed_out_until_one_is_entered()
    {
        var admin = await host.Factory.AdminClientAsync();
        var page = await admin.GetStringAsync("/admin/calendars?name=extended", TestContext.Current.CancellationToken);
        Assert.Contains("data-testid=\"next-year-empty\"", page);
        Assert.Contains("2027 年的节假日", page);

        var set = await admin.PutAsJsonAsync("/api/v1/calendars/extended/days/2027-01-01", new { kind = "closed", label = "元旦" }, TestContext.Current.CancellationToken);
        Assert.True(set.IsSuccessStatusCode, $"{(int)set.StatusCode}");
        page = await admin.GetStringAsync("/admin/calendars?name=extended", TestContext.Current.CancellationToken);
        Assert.DoesNotContain("data-testid=\"next-year-empty\"", page);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync("/api/v1/calendars/extended/days/2027-01-01", TestContext.Current.CancellationToken)).StatusCode);
    }
}
