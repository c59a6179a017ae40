using CsCheck;
using PayDesk.Features.Sla;
using PayDesk.Infrastructure.Cli;

namespace PayDesk.Tests.Features.Sla;

public sealed class BusinessCalendarTests
{
    private static readonly TimeZoneInfo Beijing = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    private static DateTime Utc(string beijingLocal) =>
        TimeZoneInfo.ConvertTimeToUtc(DateTime.Parse(beijingLocal, System.Globalization.CultureInfo.InvariantCulture), Beijing);

    private static string Local(BusinessCalendar calendar, DateTime utc) => calendar.ToLocal(utc).ToString("yyyy-MM-dd HH:mm");

    private static BusinessCalendar Custom(string zone, Dictionary<DayOfWeek, IReadOnlyList<OpeningInterval>> weekly) =>
        new(new CalendarDefinition { Name = "custom", TimeZone = zone, Weekly = weekly }, new DateOnly(2025, 1, 1), new DateOnly(2027, 12, 31));

    private static Dictionary<DayOfWeek, IReadOnlyList<OpeningInterval>> EveryDay(params string[] intervals) =>
        Enum.GetValues<DayOfWeek>().ToDictionary(d => d, _ => (IReadOnlyList<OpeningInterval>)intervals.Select(OpeningInterval.Parse).ToList());

    [Fact]
    public async Task The_cli_example_lands_on_the_saturday_make_up_working_day()
    {
        var output = new StringWriter();
        var code = await PayDeskCli.RunAsync(["sla", "due", "--calendar", "standard", "--from", "2026-02-13T17:00:00+08:00", "--business-minutes", "120"], output, new StringWriter());
        Assert.Equal(0, code);
        Assert.Equal("2026-02-14T10:00:00+08:00", output.ToString().Trim());
    }

    [Theory]
    // The National Day week is closed; work resumes on Thursday 8 October.
    [InlineData("standard", "2026-09-30 17:00", 120, "2026-10-08 10:00")]
    // Sunday 20 September 2026 is a make-up working day (调休).
    [InlineData("standard", "2026-09-18 17:30", 60, "2026-09-20 09:30")]
    // Spring Festival 2026: closed 15–23 February; work resumes Tuesday 24 February.
    [InlineData("standard", "2026-02-16 10:00", 60, "2026-02-24 10:00")]
    // Work that fills the day exactly is due at closing time, not the next morning.
    [InlineData("standard", "2026-02-24 17:00", 600, "2026-02-25 18:00")]
    // Saturday 28 February 2026 is a make-up working day.
    [InlineData("standard", "2026-02-27 17:00", 120, "2026-02-28 10:00")]
    // An ordinary weekend is closed on the standard calendar…
    [InlineData("standard", "2026-11-27 17:00", 120, "2026-11-30 10:00")]
    // …and open 09:00–20:00 on the extended one, holidays too.
    [InlineData("extended", "2026-10-01 19:00", 120, "2026-10-02 10:00")]
    [InlineData("extended", "2026-11-27 17:30", 60, "2026-11-28 09:30")]
    [InlineData("peak", "2026-02-16 20:30", 60, "2026-02-17 08:00")]
    [InlineData("24x7", "2026-02-16 23:30", 60, "2026-02-17 00:30")]
    public void Due_times_follow_the_calendar(string calendar, string from, int minutes, string expected)
    {
        var compiled = CalendarCache.Default(calendar)!;
        Assert.Equal(expected, Local(compiled, compiled.Add(Utc(from), TimeSpan.FromMinutes(minutes))));
    }

    [Fact]
    public void Business_time_between_skips_closed_days()
    {
        var standard = CalendarCache.Default(DefaultCalendars.Standard)!;
        // Friday 17:00 to the next Monday 10:00: one hour on Friday, one on Monday.
        Assert.Equal(TimeSpan.FromHours(2), standard.Between(Utc("2026-11-27 17:00"), Utc("2026-11-30 10:00")));
        // The whole of the 2026 National Day holiday (1–7 October) is no business time at all.
        Assert.Equal(TimeSpan.Zero, standard.Between(Utc("2026-10-01 00:00"), Utc("2026-10-08 00:00")));
        Assert.Equal(TimeSpan.FromHours(-2), standard.Between(Utc("2026-11-30 10:00"), Utc("2026-11-27 17:00")));
    }

    [Fact]
    public void Split_shifts_skip_the_lunch_break()
    {
        var calendar = Custom("Asia/Shanghai", EveryDay("09:00-12:00", "13:30-18:00"));
        Assert.Equal("2026-03-02 14:00", Local(calendar, calendar.Add(Utc("2026-03-02 11:30"), TimeSpan.FromMinutes(60))));
        Assert.False(calendar.IsOpen(Utc("2026-03-02 12:30")));
    }

    [Fact]
    public void Overnight_shifts_run_past_midnight()
    {
        var calendar = Custom("Asia/Shanghai", EveryDay("22:00-06:00"));
        Assert.Equal("2026-03-02 23:00", Local(calendar, calendar.Add(Utc("2026-03-02 05:00"), TimeSpan.FromHours(2))));
        Assert.True(calendar.IsOpen(Utc("2026-03-03 02:00")));
        Assert.Equal(TimeSpan.FromHours(8), calendar.Between(Utc("2026-03-02 12:00"), Utc("2026-03-03 12:00")));
    }

    [Fact]
    public void A_london_team_keeps_local_hours_across_daylight_saving_changes()
    {
        var london = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
        var weekdays = Enum.GetValues<DayOfWeek>().ToDictionary(d => d, d => (IReadOnlyList<OpeningInterval>)(d is DayOfWeek.Saturday or DayOfWeek.Sunday ? [] : [OpeningInterval.Parse("09:00-17:00")]));
        var office = Custom("Europe/London", weekdays);
        // Friday 27 March 2026 16:00 GMT + 2 h → Monday 30 March 10:00 BST (09:00 UTC).
        var due = office.Add(TimeZoneInfo.ConvertTimeToUtc(new DateTime(2026, 3, 27, 16, 0, 0), london), TimeSpan.FromHours(2));
        Assert.Equal(new DateTime(2026, 3, 30, 9, 0, 0, DateTimeKind.Utc), due);

        var allDay = Custom("Europe/London", EveryDay("00:00-00:00"));
        DateTime L(int m, int d) => TimeZoneInfo.ConvertTimeToUtc(new DateTime(2026, m, d, 0, 0, 0), london);
        Assert.Equal(TimeSpan.FromHours(23), allDay.Between(L(3, 29), L(3, 30)));
        Assert.Equal(TimeSpan.FromHours(25), allDay.Between(L(10, 25), L(10, 26)));
    }

    [Fact]
    public void Zero_business_time_waits_for_the_next_opening()
    {
        var standard = CalendarCache.Default(DefaultCalendars.Standard)!;
        Assert.Equal("2026-11-30 09:00", Local(standard, standard.Add(Utc("2026-11-28 12:00"), TimeSpan.Zero)));
        Assert.Equal("2026-11-30 11:00", Local(standard, standard.Add(Utc("2026-11-30 11:00"), TimeSpan.Zero)));
    }

    [Fact]
    public void Instants_outside_the_compiled_range_are_refused()
    {
        var standard = CalendarCache.Default(DefaultCalendars.Standard)!;
        Assert.Throws<ArgumentOutOfRangeException>(() => standard.Add(new DateTime(2019, 6, 1, 0, 0, 0, DateTimeKind.Utc), TimeSpan.FromHours(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => standard.Add(new DateTime(2040, 12, 31, 0, 0, 0, DateTimeKind.Utc), TimeSpan.FromDays(30)));
    }

    public static TheoryData<string> Calendars => new(DefaultCalendars.Names.Append("london-split").Append("night"));

    private static BusinessCalendar CalendarFor(string name) => name switch
    {
        "london-split" => Custom("Europe/London", EveryDay("08:00-12:00", "13:00-17:30")),
        "night" => Custom("Asia/Shanghai", EveryDay("22:00-06:00")),
        _ => CalendarCache.Default(name)!,
    };

    [Theory]
    [MemberData(nameof(Calendars))]
    public void Adding_then_measuring_gives_back_the_duration_and_due_times_stay_in_opening_hours(string name)
    {
        var calendar = CalendarFor(name);
        var from = new DateTime(2025, 1, 2, 0, 0, 0, DateTimeKind.Utc).Ticks;
        var to = new DateTime(2027, 6, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;
        Gen.Select(Gen.Long[from, to], Gen.Int[0, 60 * 24 * 20]).Sample((startTicks, minutes) =>
        {
            var start = new DateTime(startTicks, DateTimeKind.Utc);
            var duration = TimeSpan.FromMinutes(minutes);
            var due = calendar.Add(start, duration);
            Assert.Equal(duration, calendar.Between(start, due));
            Assert.True(due >= start);
            // Due inside opening hours: open just before it (a positive duration ends in a span or at its close).
            if (minutes > 0) Assert.True(calendar.IsOpen(due.AddTicks(-1)), $"{name}: {due:O} is not in opening hours");
            else Assert.True(calendar.IsOpen(due));
        }, iter: 2000);
    }
}
