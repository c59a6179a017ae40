using PayDesk.Features.Complaints;
using PayDesk.Features.Workforce;

namespace PayDesk.Features.Workforce;

/// <summary>
/// Half a year of contact volume for the demo (imported history, as a service centre would load
/// from its previous ACD): weekly and daily rhythm per channel, statutory holidays and make-up days,
/// a rush on the evening before long holidays, promotion days, slow growth and random noise. It is
/// generated, and labelled as demo data wherever it is shown.
/// </summary>
internal static class DemoHistory
{
    public static readonly (DateOnly Date, string Name)[] Promotions =
    [
        (new(2026, 6, 18), "618 年中大促"),
        (new(2026, 8, 8), "88 会员日"),
        (new(2026, 11, 11), "双11"),
        (new(2026, 12, 12), "双12"),
    ];

    /// <summary>The volume a promotion is expected to bring against a normal day, until history shows it.</summary>
    public const double PromotionUplift = 1.8;

    /// <summary>The mainland calendar with the demo's promotions marked.</summary>
    public static ForecastCalendar Calendar => new(Promotions.Select(p => new MarkedDay(p.Date, "promotion", PromotionUplift)));

    private sealed record ChannelPattern(TicketChannel Channel, double PerWeekday, int OpenSlot, int CloseSlot, double[] Peaks, double HandleSeconds);

    // Calls follow office hours; chats and the app run late into the evening; e-mail comes in the morning.
    private static readonly ChannelPattern[] Patterns =
    [
        new(TicketChannel.Phone, 1100, 15, 42, [10.5, 15], 210),
        new(TicketChannel.Chat, 700, 14, 46, [11, 20.5], 480),
        new(TicketChannel.App, 420, 0, 48, [12.5, 21], 300),
        new(TicketChannel.Email, 140, 0, 48, [9.5, 14], 420),
        new(TicketChannel.WeChat, 160, 12, 47, [12, 21.5], 240),
    ];

    public static List<ContactInterval> Generate(DateOnly from, DateOnly toExclusive, TimeZoneInfo zone, int seed = 20261125)
    {
        var random = new Random(seed);
        var calendar = Calendar;
        var rows = new List<ContactInterval>();
        var days = toExclusive.DayNumber - from.DayNumber;
        for (var d = from; d < toExclusive; d = d.AddDays(1))
        {
            var day = calendar.Describe(d);
            var growth = 1 + 0.25 * (d.DayNumber - from.DayNumber) / Math.Max(1, days);
            var noise = Math.Exp(Normal(random) * 0.07);
            foreach (var p in Patterns)
            {
                var total = p.PerWeekday * growth * noise * DayFactor(day, p.Channel);
                var shape = Shape(p, day);
                for (var s = 0; s < PeakForecaster.SlotsPerDay; s++)
                {
                    var offered = Poisson(random, total * shape[s]);
                    if (offered == 0) continue;
                    var handled = (int)Math.Round(offered * (0.92 + random.NextDouble() * 0.07));
                    rows.Add(new ContactInterval
                    {
                        Channel = p.Channel,
                        StartUtc = TimeZoneInfo.ConvertTimeToUtc(d.ToDateTime(PeakForecaster.SlotStart(s)), zone),
                        Source = ContactSource.Imported,
                        Offered = offered,
                        Handled = handled,
                        HandleSeconds = (long)(handled * p.HandleSeconds * (0.9 + random.NextDouble() * 0.2)),
                    });
                }
            }
        }
        return rows;
    }

    private static double DayFactor(DayInfo day, TicketChannel channel)
    {
        var factor = day.Kind switch
        {
            DayKind.Holiday => 0.45,
            DayKind.RestDay => day.Date.DayOfWeek == DayOfWeek.Saturday ? 0.62 : 0.55,
            DayKind.MakeUpWorkday => 1.1,
            DayKind.Workday => day.Date.DayOfWeek switch
            {
                DayOfWeek.Monday => 1.16,
                DayOfWeek.Tuesday => 1.02,
                DayOfWeek.Wednesday => 0.97,
                DayOfWeek.Thursday => 0.94,
                _ => 0.98,
            },
            _ => 1,
        };
        if (day.HolidayEve) factor *= 1.3;
        // Promotions bring order and refund questions to the app and chat more than to the phones.
        if (day.EventKind == "promotion") factor *= channel is TicketChannel.App or TicketChannel.Chat ? 2.1 : 1.5;
        return factor;
    }

    private static double[] Shape(ChannelPattern p, DayInfo day)
    {
        var shape = new double[PeakForecaster.SlotsPerDay];
        var rest = day.Kind is DayKind.Holiday or DayKind.RestDay;
        for (var s = 0; s < PeakForecaster.SlotsPerDay; s++)
        {
            var hour = s / 2.0 + 0.25;
            var open = rest ? p.OpenSlot + 2 : p.OpenSlot;
            if (s < open || s >= p.CloseSlot) { shape[s] = 0.02; continue; }
            var value = 0.25;
            foreach (var peak in p.Peaks) value += Math.Exp(-Math.Pow(hour - (rest ? peak + 1 : peak), 2) / 4.5);
            // The last evening before a long holiday: payments sorted out before travelling.
            if (day.HolidayEve && hour is >= 17 and < 22.5) value *= 2.2;
            // Promotions start at midnight.
            if (day.EventKind == "promotion" && hour < 2 && p.Channel is TicketChannel.App or TicketChannel.Chat) value += 1.5;
            shape[s] = value;
        }
        var sum = shape.Sum();
        return shape.Select(v => v / sum).ToArray();
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static int Poisson(Random random, double mean)
    {
        if (mean <= 0) return 0;
        if (mean > 30) return Math.Max(0, (int)Math.Round(mean + Math.Sqrt(mean) * Normal(random)));
        var limit = Math.Exp(-mean);
        var k = 0;
        var product = random.NextDouble();
        while (product > limit) { k++; product *= random.NextDouble(); }
        return k;
    }
}
