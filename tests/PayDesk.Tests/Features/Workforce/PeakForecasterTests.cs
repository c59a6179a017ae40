using PayDesk.Features.Demo;
using PayDesk.Features.Workforce;
using PayDesk.Features.Complaints;

namespace PayDesk.Tests.Features.Workforce;

public sealed class PeakForecasterTests(ITestOutputHelper output)
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private static readonly DateOnly Today = new(2026, 11, 25);
    private static readonly ForecastCalendar Calendar = DemoHistory.Calendar;

    private static Dictionary<DateOnly, double[]> DemoChannel(TicketChannel channel, int weeks = 26) =>
        ContactHistory.ByLocalDay(DemoHistory.Generate(Today.AddDays(-7 * weeks), Today, Shanghai)
            .Where(r => r.Channel == channel).Select(r => (r.StartUtc, r.Offered)).ToList(), Shanghai, Today.AddDays(-7 * weeks), Today);

    [Fact]
    public void Calendar_knows_holidays_make_up_days_long_holiday_eves_and_marked_days()
    {
        Assert.Equal(DayKind.Holiday, Calendar.Describe(new(2026, 10, 2)).Kind);
        Assert.Equal(DayKind.MakeUpWorkday, Calendar.Describe(new(2026, 10, 10)).Kind);
        Assert.Equal(DayKind.RestDay, Calendar.Describe(new(2026, 11, 21)).Kind);
        Assert.True(Calendar.Describe(new(2026, 9, 30)).HolidayEve);   // before 国庆节
        Assert.False(Calendar.Describe(new(2026, 11, 24)).HolidayEve);
        Assert.Equal("promotion", Calendar.Describe(new(2026, 11, 11)).EventKind);
    }

    [Fact]
    public void Beats_the_seasonal_naive_forecast_on_held_back_weeks_for_every_demo_channel()
    {
        foreach (var channel in new[] { TicketChannel.Phone, TicketChannel.Chat, TicketChannel.App, TicketChannel.Email, TicketChannel.WeChat })
        {
            var result = Backtest.Run(channel, DemoChannel(channel), Calendar, weeks: 4, historyWeeks: 26, progress: null)!;
            output.WriteLine($"[figure] forecast back-test {channel}: WAPE model {result.Model.Wape:P1} vs seasonal-naive {result.SeasonalNaive.Wape:P1}; MAPE {result.Model.Mape:P1} vs {result.SeasonalNaive.Mape:P1}");
            Assert.Equal(4 * 7 * 48, result.Intervals);
            Assert.True(result.Model.Wape < result.SeasonalNaive.Wape, $"{channel}: {result.Model.Wape:P1} vs {result.SeasonalNaive.Wape:P1}");
            Assert.True(result.Model.Mape < result.SeasonalNaive.Mape, $"{channel}: {result.Model.Mape:P1} vs {result.SeasonalNaive.Mape:P1}");
        }
    }

    [Fact]
    public void Forecast_follows_holidays_eves_promotions_and_the_daily_rhythm()
    {
        var model = PeakForecaster.Fit(DemoChannel(TicketChannel.Phone), Calendar);
        var monday = model.Forecast(new(2026, 11, 30));
        var sunday = model.Forecast(new(2026, 11, 29));
        Assert.True(sunday.Sum() < monday.Sum() * 0.75, $"{sunday.Sum():0} vs {monday.Sum():0}");
        // Calls come in office hours: 10:30 is far busier than 03:00.
        Assert.True(monday[21] > 10 * Math.Max(1, monday[6]));
        var promotion = model.Forecast(new(2026, 12, 12));
        Assert.True(promotion.Sum() > sunday.Sum() * 1.2, "双12 falls on a Saturday and is still busier than a plain weekend day");
        Assert.True(model.EventUplifts["promotion"] > 1.2);
    }

    [Fact]
    public void A_channel_used_on_a_few_days_only_is_forecast_in_finite_numbers()
    {
        // Found by a newcomer's walk: SMS and Weibo had a handful of contacts in months, some kinds of day none at all;
        // their factor 0 made the level infinite and /workforce answered 500.
        var from = Today.AddDays(-7 * 26);
        var history = new Dictionary<DateOnly, double[]>();
        for (var d = from; d < Today; d = d.AddDays(1)) history[d] = new double[48];
        history[Today.AddDays(-3)][20] = 1;
        history[Today.AddDays(-40)][22] = 2;
        history[new DateOnly(2026, 11, 11)][30] = 1;
        var model = PeakForecaster.Fit(history, Calendar);
        for (var d = Today; d < Today.AddDays(21); d = d.AddDays(1))
        {
            Assert.All(model.Forecast(d), x => Assert.True(double.IsFinite(x) && x >= 0, $"{d}: {x}"));
        }
    }

    [Fact]
    public void A_steady_pattern_is_forecast_as_it_is()
    {
        var history = new Dictionary<DateOnly, double[]>();
        var shape = Enumerable.Range(0, 48).Select(s => s is >= 18 and < 36 ? 10.0 : 0.0).ToArray();
        // Four weeks of identical weekdays and quiet weekends, in a stretch without holidays.
        for (var d = new DateOnly(2026, 3, 2); d < new DateOnly(2026, 3, 30); d = d.AddDays(1))
        {
            history[d] = d.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? shape.Select(v => v / 2).ToArray() : (double[])shape.Clone();
        }
        var model = PeakForecaster.Fit(history, new ForecastCalendar([]));
        var tuesday = model.Forecast(new(2026, 3, 31));
        var saturday = model.Forecast(new(2026, 3, 28));
        for (var s = 0; s < 48; s++)
        {
            Assert.Equal(shape[s], tuesday[s], 2);
            Assert.Equal(shape[s] / 2, saturday[s], 2);
        }
        Assert.False(PeakForecaster.Fit(new Dictionary<DateOnly, double[]>(), new ForecastCalendar([])).HasHistory);
    }
}
