using System.CommandLine;

namespace PayDesk.Features.Sla;

/// <summary>The `paydesk sla` verbs.</summary>
internal static class SlaCommands
{
    /// <summary>`paydesk sla due --calendar standard --from 2026-02-13T17:00:00+08:00 --business-minutes 120`.</summary>
    public static Command Sla(TextWriter output, TextWriter error)
    {
        var calendar = new Option<string>("--calendar") { Description = $"Built-in calendar: {string.Join(", ", DefaultCalendars.Names)} (as shipped; a server's edited or added calendars answer at GET /api/v1/calendars/{{name}}/due).", Required = true };
        var from = new Option<DateTimeOffset>("--from") { Description = "Start instant with its offset, e.g. 2026-02-13T17:00:00+08:00.", Required = true };
        var minutes = new Option<int>("--business-minutes") { Description = "Business minutes to add (0 or more).", Required = true };
        var due = new Command("due", "Print the instant when the business time runs out, in the calendar's time zone.") { calendar, from, minutes };
        due.SetAction(parse =>
        {
            var name = parse.GetValue(calendar)!;
            if (CalendarCache.Default(name) is not { } compiled)
            {
                error.WriteLine($"error: unknown calendar '{name}'. Calendars: {string.Join(", ", DefaultCalendars.Names)}.");
                return 1;
            }
            var businessMinutes = parse.GetValue(minutes);
            if (businessMinutes < 0)
            {
                error.WriteLine("error: --business-minutes must be 0 or more.");
                return 1;
            }
            try
            {
                var dueUtc = compiled.Add(parse.GetValue(from).UtcDateTime, TimeSpan.FromMinutes(businessMinutes));
                output.WriteLine(compiled.ToLocal(dueUtc).ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture));
                return 0;
            }
            catch (ArgumentOutOfRangeException ex)
            {
                error.WriteLine("error: " + ex.Message.Split(" (Parameter")[0]);
                return 1;
            }
        });
        var sla = new Command("sla", "Service levels and business-hour calendars.");
        sla.Subcommands.Add(due);
        return sla;
    }
}
