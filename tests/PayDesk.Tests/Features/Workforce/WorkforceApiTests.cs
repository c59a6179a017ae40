using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using PayDesk.Features.Demo;
using PayDesk.Features.Workforce;
using PayDesk.Infrastructure.Cli;
using PayDesk.Tests.Infrastructure;

namespace PayDesk.Tests.Features.Workforce;

/// <summary>History import, forecast, staffing and back-test through the API, on both databases.</summary>
public abstract class WorkforceApiTests(HostFixture host)
{
    private PayDeskFactory Factory => host.Factory;

    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    /// <summary>Ten weeks of the demo pattern for phone calls, as an ACD export would give it (local times).</summary>
    private static string PhoneHistoryCsv(DateOnly today)
    {
        var text = new StringBuilder("channel,interval_start,offered,handled,handle_seconds\n");
        foreach (var row in DemoHistory.Generate(today.AddDays(-70), today, Shanghai).Where(r => r.Channel == PayDesk.Features.Complaints.TicketChannel.Phone))
        {
            var local = TimeZoneInfo.ConvertTimeFromUtc(row.StartUtc, Shanghai);
            text.Append(CultureInfo.InvariantCulture, $"phone,{local:yyyy-MM-dd HH:mm},{row.Offered},{row.Handled},{row.HandleSeconds}\n");
        }
        return text.ToString();
    }

    [Fact]
    public async Task Imported_history_gives_a_forecast_staffing_roster_and_back_test()
    {
        var admin = await Factory.AdminClientAsync();
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.UtcNow, Shanghai));
        var csv = PhoneHistoryCsv(today);
        var imported = await admin.PostAsync("/api/v1/workforce/history", new StringContent(csv, Encoding.UTF8, "text/csv"));
        Assert.True(imported.IsSuccessStatusCode, await imported.Content.ReadAsStringAsync());
        // Importing the same file again replaces, it does not double.
        var first = (await imported.Content.ReadFromJsonAsync<ImportDto>())!;
        var again = (await (await admin.PostAsync("/api/v1/workforce/history", new StringContent(csv, Encoding.UTF8, "text/csv"))).Content.ReadFromJsonAsync<ImportDto>())!;
        Assert.Equal(first, again);

        var forecast = (await admin.GetFromJsonAsync<ForecastDto>($"/api/v1/workforce/forecast?channel=phone&from={today.AddDays(-7):yyyy-MM-dd}&days=14"))!;
        Assert.Equal(14 * 48, forecast.Intervals.Count);
        var lastWeek = forecast.Intervals.Take(7 * 48).ToList();
        Assert.All(lastWeek, i => Assert.NotNull(i.Actual));
        var actualWeek = lastWeek.Sum(i => i.Actual!.Value);
        // The week's actual is what was imported for it, once.
        Assert.True(actualWeek < first.Contacts / 8, $"{actualWeek} of {first.Contacts}");
        Assert.InRange(lastWeek.Sum(i => i.Forecast), actualWeek * 0.8, actualWeek * 1.2);
        Assert.All(forecast.Intervals.Skip(7 * 48), i => Assert.Null(i.Actual));

        var monday = today.AddDays(((int)DayOfWeek.Monday - (int)today.DayOfWeek + 7) % 7 + 7);
        var staffing = (await admin.GetFromJsonAsync<StaffingDto>($"/api/v1/workforce/staffing?date={monday:yyyy-MM-dd}"))!;
        Assert.Equal(48, staffing.Intervals.Count);
        var peak = staffing.Intervals.MaxBy(i => i.Required)!;
        Assert.InRange(peak.StartLocal.Hour, 9, 16);
        Assert.True(peak.Required >= 10, $"peak needs {peak.Required}");
        Assert.NotEmpty(staffing.Roster);
        Assert.True(staffing.RosterOptimal);
        Assert.True(staffing.Intervals.Count(i => i.Rostered < i.Required) <= staffing.UnderstaffedIntervals);
        var staffingCsv = await admin.GetStringAsync($"/api/v1/workforce/staffing?date={monday:yyyy-MM-dd}&format=csv");
        Assert.Contains("required,rostered,gap", staffingCsv);

        var week = (await admin.GetFromJsonAsync<WeekDto>($"/api/v1/workforce/roster?from={monday:yyyy-MM-dd}"))!;
        Assert.Equal(7, week.Days.Count);
        Assert.Equal(staffing.AgentHours, week.Days[0].AgentHours, 6);
        // Weekend calls are fewer, so fewer agent-hours than on Monday.
        Assert.True(week.Days[6].AgentHours < week.Days[0].AgentHours, $"{week.Days[6].AgentHours} vs {week.Days[0].AgentHours}");
        var rosterCsv = await admin.GetStringAsync($"/api/v1/workforce/roster?from={monday:yyyy-MM-dd}&format=csv");
        Assert.Equal(1 + 7 * week.Shifts.Count, rosterCsv.Trim().Split('\n').Length);

        var backtest = (await admin.GetFromJsonAsync<List<BacktestDto>>("/api/v1/workforce/backtest?weeks=2"))!;
        var phone = Assert.Single(backtest, b => b.Channel == "phone");
        Assert.True(phone.Model.Wape < phone.SeasonalNaive.Wape, $"{phone.Model.Wape} vs {phone.SeasonalNaive.Wape}");
    }

    [Fact]
    public async Task A_bad_import_names_its_lines_and_keeps_nothing()
    {
        var admin = await Factory.AdminClientAsync();
        const string csv = "channel,interval_start,offered\nphone,2020-03-02 09:00,12\nfax,2020-03-02 09:30,3\nphone,2020-03-02 09:10,4\nphone,2020-03-02 09:00,5\n";
        var response = await admin.PostAsync("/api/v1/workforce/history", new StringContent(csv, Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<ProblemDto>())!;
        var messages = string.Join(" | ", problem.Errors!["body"]);
        Assert.Contains("3", messages);
        Assert.Contains("4", messages);
        Assert.Contains("5", messages);
        var forecast = (await admin.GetFromJsonAsync<ForecastDto>("/api/v1/workforce/forecast?channel=phone&from=2020-03-02&days=1"))!;
        Assert.All(forecast.Intervals, i => Assert.Null(i.Actual is > 0 ? i.Actual : null));
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("/api/v1/workforce/forecast?channel=phone&days=90")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("/api/v1/workforce/forecast")).StatusCode);
    }

    [Fact]
    public async Task Supervisors_mark_promotion_days_and_agents_cannot_plan()
    {
        var admin = await Factory.AdminClientAsync();
        var bad = await admin.PostAsJsonAsync("/api/v1/workforce/marked-days", new { date = "2031-11-11", kind = "Big Sale!", name = "", expectedUplift = 0 });
        Assert.Equal(["expectedUplift", "kind", "name"], (await bad.Content.ReadFromJsonAsync<ProblemDto>())!.Errors!.Keys.Order());
        var created = await admin.PostAsJsonAsync("/api/v1/workforce/marked-days", new { date = "2031-11-11", kind = "promotion", name = "双11", expectedUplift = 1.7 });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var marked = (await created.Content.ReadFromJsonAsync<MarkedDto>())!;
        var list = (await admin.GetFromJsonAsync<PageDto<MarkedDto>>("/api/v1/workforce/marked-days"))!;
        Assert.Contains(list.Items, m => m.Id == marked.Id && m.Name == "双11");
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/workforce/marked-days/{marked.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync($"/api/v1/workforce/marked-days/{marked.Id}")).StatusCode);
        var (agent, _) = await host.NewStaffClientAsync("agent");
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync("/api/v1/workforce/staffing")).StatusCode);
    }

    public sealed record ImportDto(int Intervals, int Contacts);
    public sealed record PointDto(DateTime StartUtc, DateTime StartLocal, double Forecast, int? Actual);
    public sealed record ForecastDto(string Channel, List<PointDto> Intervals);
    public sealed record StaffingIntervalDto(DateTime StartLocal, int Required, int Rostered, int Gap);
    public sealed record RosterLineDto(ShiftDto Shift, int Agents);
    public sealed record ShiftDto(string Name, string Start, double Hours);
    public sealed record StaffingDto(List<StaffingIntervalDto> Intervals, List<RosterLineDto> Roster, double AgentHours, int UnderstaffedIntervals, bool RosterOptimal);
    public sealed record RosterDayDto(string Date, double AgentHours, int PeakRequired);
    public sealed record WeekDto(List<ShiftDto> Shifts, List<RosterDayDto> Days, double AgentHours);
    public sealed record FiguresDto(double Mape, double Wape);
    public sealed record BacktestDto(string Channel, int Intervals, FiguresDto Model, FiguresDto SeasonalNaive);
    public sealed record MarkedDto(Guid Id, string Date, string Kind, string Name, double? ExpectedUplift);
}

public sealed class WorkforceApiSqliteTests(SqliteHost host) : WorkforceApiTests(host), IClassFixture<SqliteHost>;

public sealed class WorkforceApiPostgresTests(PostgresHost host) : WorkforceApiTests(host), IClassFixture<PostgresHost>;

public sealed class ForecastCommandTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Backtest_prints_model_and_seasonal_naive_accuracy_per_channel()
    {
        var stdout = new StringWriter();
        var code = await PayDeskCli.RunAsync(["forecast", "backtest", "--demo", "--weeks", "4"], stdout, new StringWriter());
        Assert.Equal(0, code);
        var text = stdout.ToString();
        output.WriteLine(text);
        Assert.Contains("model MAPE", text);
        Assert.Contains("naive WAPE", text);
        Assert.Contains("model beats seasonal-naive on WAPE for 5 of 5 channels", text);
    }

    [Fact]
    public async Task Backtest_without_history_says_so_and_fails()
    {
        var data = Directory.CreateTempSubdirectory("paydesk-forecast-").FullName;
        var error = new StringWriter();
        var code = await PayDeskCli.RunAsync(["forecast", "backtest"], new StringWriter(), error,
            new Dictionary<string, string?> { ["PAYDESK_DATA_DIR"] = data, ["PAYDESK_POSTGRES"] = "" });
        Assert.Equal(1, code);
        Assert.Contains("not enough contact history", error.ToString());
        Assert.Equal(2, await PayDeskCli.RunAsync(["forecast", "backtest", "--weeks", "40"], new StringWriter(), new StringWriter()));
    }
}
