using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using PayDesk.Features.Identity;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Workforce;

internal static class WorkforceEndpoints
{
    public sealed record MarkedDayRequest(DateOnly? Date, string? Kind, string? Name, double? ExpectedUplift);

    public sealed record MarkedDayResponse(Guid Id, DateOnly Date, string Kind, string Name, double? ExpectedUplift);

    public sealed record ImportResult(int Intervals, long Contacts);

    public static WebApplicationBuilder AddWorkforce(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<WorkforceOptions>().Bind(builder.Configuration.GetSection("Workforce"))
            .Validate(o => o.Shrinkage is >= 0 and < 0.9, "Workforce:Shrinkage must be between 0 and 0.9.")
            .Validate(o => o.HistoryWeeks is >= 2 and <= 156, "Workforce:HistoryWeeks must be between 2 and 156.")
            .Validate(o => TimeZoneInfo.TryFindSystemTimeZoneById(o.TimeZone, out _), "Workforce:TimeZone is not a known time zone.")
            .Validate(o => o.Channels.Values.All(c => c.HandleSeconds > 0 && c.ServiceLevel is > 0 and < 1 && c.Concurrency >= 1 && c.MaxOccupancy is > 0 and <= 1),
                "Workforce:Channels need a positive handle time, a service level between 0 and 1, concurrency of at least 1 and occupancy up to 1.")
            .ValidateOnStart();
        builder.Services.AddScoped<WorkforcePlanner>();
        builder.Services.AddHostedService<ContactRollup>();
        return builder;
    }

    public static RouteGroupBuilder MapWorkforce(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/workforce").WithTags("Workforce").RequireAuthorization(Policies.Supervisor);
        group.MapGet("/forecast", ForecastAsync).WithName("Forecast")
            .WithSummary("Contacts per 30-minute interval for up to 28 days, with the actual where known (format=csv to export).");
        group.MapGet("/staffing", StaffingAsync).WithName("Staffing")
            .WithSummary("Agents needed per interval of a day (Erlang C, shrinkage), the suggested roster and over/under-staffing (format=csv to export).");
        group.MapGet("/roster", RosterAsync).WithName("WeekRoster")
            .WithSummary("The suggested roster for seven days from a date: agents per shift per day, agent-hours, understaffed intervals (format=csv to export).");
        group.MapGet("/backtest", BacktestAsync).WithName("ForecastBacktest")
            .WithSummary("Forecast accuracy (MAPE, WAPE) on held-back weeks against the seasonal-naive forecast.");
        group.MapGet("/marked-days", ListMarkedAsync).WithName("ListMarkedDays").WithSummary("Promotions and other marked days, newest first.");
        group.MapPost("/marked-days", MarkAsync).WithName("MarkDay").WithSummary("Mark a day (a promotion, an outage) the forecast should treat apart.");
        group.MapDelete("/marked-days/{id:guid}", UnmarkAsync).WithName("UnmarkDay").WithSummary("Remove a marked day.");
        group.MapPost("/history", ImportAsync).WithName("ImportContactHistory").Accepts<string>("text/csv")
            .WithSummary("Load contact history from an earlier system: CSV channel,interval_start,offered[,handled,handle_seconds]; all lines or none.");
        return api;
    }

    private static async Task<Results<Ok<ForecastSeries>, FileContentHttpResult, ValidationProblem>> ForecastAsync(
        string? channel, string? from, int? days, string? format, WorkforcePlanner planner, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var errors = new ValidationErrors(l);
        var ch = EnumText.Parse<TicketChannel>(channel, "channel", errors);
        if (string.IsNullOrWhiteSpace(channel)) errors.AddKey("channel", "Validation.Required");
        var start = errors.OptionalDate("from", from) ?? planner.Today;
        var count = days ?? 7;
        if (count is < 1 or > WorkforcePlanner.MaxDays) errors.AddKey("days", "Workforce.DaysRange", WorkforcePlanner.MaxDays);
        if (errors.Any) return errors.ToProblem();
        var series = await planner.ForecastAsync(ch!.Value, start, count, ct);
        if (format == "csv")
        {
            return Csv.File($"forecast-{EnumText.Name(ch.Value)}-{start:yyyyMMdd}", ["interval_start_utc", "interval_start_local", "forecast", "actual"],
                series.Intervals.Select(i => new object?[] { i.StartUtc, i.StartLocal, i.Forecast, i.Actual }));
        }
        return TypedResults.Ok(series);
    }

    private static async Task<Results<Ok<StaffingDay>, FileContentHttpResult, ValidationProblem>> StaffingAsync(
        string? date, string? format, WorkforcePlanner planner, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var errors = new ValidationErrors(l);
        var day = errors.OptionalDate("date", date) ?? planner.Today;
        if (errors.Any) return errors.ToProblem();
        var staffing = await planner.StaffingAsync(day, ct);
        if (format == "csv")
        {
            var channels = staffing.Intervals.SelectMany(i => i.Contacts.Keys).Distinct().ToList();
            return Csv.File($"staffing-{day:yyyyMMdd}",
                ["interval_start_local", .. channels.Select(c => "contacts_" + EnumText.Name(c)), .. channels.Select(c => "agents_" + EnumText.Name(c)), "required", "rostered", "gap"],
                staffing.Intervals.Select(i => new object?[] { i.StartLocal }
                    .Concat(channels.Select(c => (object?)i.Contacts.GetValueOrDefault(c)))
                    .Concat(channels.Select(c => (object?)i.Agents.GetValueOrDefault(c)))
                    .Concat([i.Required, i.Rostered, i.Gap])));
        }
        return TypedResults.Ok(staffing);
    }

    public sealed record RosterDay(DateOnly Date, IReadOnlyList<RosterLine> Lines, double AgentHours, int PeakRequired, int UnderstaffedIntervals);

    public sealed record WeekRosterResponse(DateOnly From, IReadOnlyList<ShiftPattern> Shifts, IReadOnlyList<RosterDay> Days, double AgentHours);

    public sealed record RosterCsvRow(DateOnly Date, string Shift, TimeOnly Start, double Hours, int Agents);

    internal static WeekRosterResponse Week(DateOnly from, IReadOnlyList<ShiftPattern> shifts, List<StaffingDay> days) =>
        new(from, shifts, days.Select(d => new RosterDay(d.Date, d.Roster, d.AgentHours, d.Intervals.Max(i => i.Required), d.UnderstaffedIntervals)).ToList(),
            days.Sum(d => d.AgentHours));

    private static async Task<Results<Ok<WeekRosterResponse>, FileContentHttpResult, ValidationProblem>> RosterAsync(
        string? from, string? format, WorkforcePlanner planner, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var errors = new ValidationErrors(l);
        var start = errors.OptionalDate("from", from) ?? planner.Today.AddDays(1);
        if (errors.Any) return errors.ToProblem();
        var week = Week(start, planner.Shifts, await planner.StaffingWeekAsync(start, ct));
        if (format == "csv")
        {
            return Csv.Records($"roster-{start:yyyyMMdd}", week.Days.SelectMany(d => week.Shifts.Select(s =>
                new RosterCsvRow(d.Date, s.Name, s.Start, s.Hours, d.Lines.FirstOrDefault(x => x.Shift == s)?.Agents ?? 0))));
        }
        return TypedResults.Ok(week);
    }

    private static async Task<Results<Ok<List<BacktestResult>>, ValidationProblem>> BacktestAsync(
        int? weeks, WorkforcePlanner planner, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var errors = new ValidationErrors(l);
        if (weeks is < 1 or > 12) errors.AddKey("weeks", "Workforce.WeeksRange");
        if (errors.Any) return errors.ToProblem();
        return TypedResults.Ok(await planner.BacktestAsync(weeks ?? 4, null, ct));
    }

    private static async Task<Results<Ok<Paged<MarkedDayResponse>>, ValidationProblem>> ListMarkedAsync(
        int? page, int? pageSize, AppDbContext db, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var errors = new ValidationErrors(l);
        var paging = PageRequest.From(page, pageSize, errors);
        if (errors.Any) return errors.ToProblem();
        var query = db.MarkedDays.AsNoTracking();
        var total = await query.CountAsync(ct);
        var items = await query.OrderByDescending(m => m.Date).Skip(paging.Skip).Take(paging.PageSize)
            .Select(m => new MarkedDayResponse(m.Id, m.Date, m.Kind, m.Name, m.ExpectedUplift)).ToListAsync(ct);
        return TypedResults.Ok(new Paged<MarkedDayResponse>(items, paging.Page, paging.PageSize, total));
    }

    internal static async Task<Results<Created<MarkedDayResponse>, ValidationProblem>> MarkAsync(
        MarkedDayRequest request, AppDbContext db, TimeProvider clock, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var errors = new ValidationErrors(l);
        if (request.Date is null) errors.AddKey("date", "Validation.Required");
        else if (request.Date < ValidationErrors.FirstDate || request.Date > ValidationErrors.LastDate)
        {
            errors.AddKey("date", "Validation.DateRange", ValidationErrors.FirstDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ValidationErrors.LastDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }
        if (errors.RequiredText("kind", request.Kind, 32) && !request.Kind!.Trim().All(c => char.IsAsciiLetterLower(c) || c == '-'))
        {
            errors.AddKey("kind", "Workforce.KindFormat");
        }
        errors.RequiredText("name", request.Name, 100);
        if (request.ExpectedUplift is <= 0 or > 20) errors.AddKey("expectedUplift", "Workforce.UpliftRange");
        if (errors.Any) return errors.ToProblem();
        var record = new MarkedDayRecord
        {
            Date = request.Date!.Value,
            Kind = request.Kind!.Trim(),
            Name = request.Name!.Trim(),
            ExpectedUplift = request.ExpectedUplift,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.MarkedDays.Add(record);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/v1/workforce/marked-days/{record.Id}",
            new MarkedDayResponse(record.Id, record.Date, record.Kind, record.Name, record.ExpectedUplift));
    }

    internal static async Task<Results<NoContent, NotFound>> UnmarkAsync(Guid id, AppDbContext db, CancellationToken ct) =>
        await db.MarkedDays.Where(m => m.Id == id).ExecuteDeleteAsync(ct) == 0 ? TypedResults.NotFound() : TypedResults.NoContent();

    private const int MaxImportLines = 200_000;

    /// <summary>More contacts than this in one half-hour on one channel is a typing error, not history (and sums stay far from overflowing).</summary>
    private const int MaxOfferedPerInterval = 100_000;

    private static async Task<Results<Ok<ImportResult>, ValidationProblem>> ImportAsync(
        HttpRequest request, AppDbContext db, IOptions<WorkforceOptions> options, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        using var reader = new StreamReader(request.Body);
        var outcome = await ImportTextAsync(await reader.ReadToEndAsync(ct), db, options.Value.Zone, l, ct);
        return outcome.Failed ? outcome.Errors!.ToProblem() : TypedResults.Ok(outcome.Value!);
    }

    public const long MaxUploadBytes = 20 * 1024 * 1024;

    /// <summary>The workforce page's upload: the same import, answered with a redirect back to the page.</summary>
    internal static async Task<IResult> UploadAsync(IFormFile? file, AppDbContext db, IOptions<WorkforceOptions> options, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        string text;
        if (file is null || file.Length == 0) text = "";
        else if (file.Length > MaxUploadBytes) return TypedResults.LocalRedirect("/workforce?importError=" + Uri.EscapeDataString(l["Workforce.ImportTooBig", MaxUploadBytes / 1024 / 1024]));
        else
        {
            using var reader = new StreamReader(file.OpenReadStream());
            text = await reader.ReadToEndAsync(ct);
        }
        var outcome = await ImportTextAsync(text, db, options.Value.Zone, l, ct);
        return TypedResults.LocalRedirect(outcome.Failed
            ? "/workforce?importError=" + Uri.EscapeDataString(string.Join(" ", outcome.Errors!.ToDictionary().SelectMany(e => e.Value).Take(5)))
            : $"/workforce?imported={outcome.Value!.Intervals}&contacts={outcome.Value.Contacts}");
    }

    /// <summary>Parses and stores an import: every line good, or nothing stored and the bad lines named.</summary>
    internal static async Task<Outcome<ImportResult>> ImportTextAsync(string text, AppDbContext db, TimeZoneInfo zone, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var errors = new ValidationErrors(l);
        var (rows, lineErrors) = ParseHistory(text, zone, l);
        foreach (var e in lineErrors.Take(20)) errors.Add("body", e);
        if (!errors.Any && rows.Count == 0) errors.AddKey("body", "Workforce.ImportEmpty");
        if (errors.Any) return errors;

        // Imported history replaces what an earlier import said about the same intervals.
        var keys = rows.Select(r => (r.Channel, r.StartUtc)).ToHashSet();
        var from = rows.Min(r => r.StartUtc);
        var to = rows.Max(r => r.StartUtc);
        await using var tx = await db.BeginWriteAsync(ct);
        var existing = await db.ContactIntervals.Where(c => c.Source == ContactSource.Imported && c.StartUtc >= from && c.StartUtc <= to).ToListAsync(ct);
        db.ContactIntervals.RemoveRange(existing.Where(c => keys.Contains((c.Channel, c.StartUtc))));
        await db.SaveChangesAsync(ct);
        db.ContactIntervals.AddRange(rows);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new ImportResult(rows.Count, rows.Sum(r => (long)r.Offered));
    }

    /// <summary>Reads an import; each bad line is named, and nothing is kept unless every line is good.</summary>
    internal static (List<ContactInterval> Rows, List<string> Errors) ParseHistory(string text, TimeZoneInfo zone, IStringLocalizer<SharedResource> l)
    {
        var rows = new Dictionary<(TicketChannel, DateTime), ContactInterval>();
        var errors = new List<string>();
        var lines = text.Replace("\r\n", "\n").Split('\n');
        if (lines.Length > MaxImportLines + 1) return ([], [l["Workforce.ImportTooLong", MaxImportLines]]);
        for (var n = 0; n < lines.Length; n++)
        {
            var line = lines[n].Trim().TrimStart('\uFEFF');
            if (line.Length == 0 || (n == 0 && line.StartsWith("channel", StringComparison.OrdinalIgnoreCase))) continue;
            var cells = Csv.SplitLine(line);
            var lineErrors = new ValidationErrors(l);
            var channel = cells.Count >= 3 ? EnumText.Parse<TicketChannel>(cells[0], "channel", lineErrors) : null;
            DateTime start = default;
            int offered = 0, handled = 0;
            long seconds = 0;
            var ok = cells.Count is 3 or 5 && channel is not null
                && DateTimeOffset.TryParse(cells[1].Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
                && (start = LocalOffsetAware(cells[1].Trim(), at, zone)) != default
                && start.Minute % 30 == 0 && start.Second == 0
                && int.TryParse(cells[2].Trim(), CultureInfo.InvariantCulture, out offered) && offered >= 0
                && (cells.Count == 3 || (int.TryParse(cells[3].Trim(), CultureInfo.InvariantCulture, out handled) && handled >= 0 && handled <= offered
                    && long.TryParse(cells[4].Trim(), CultureInfo.InvariantCulture, out seconds) && seconds >= 0));
            if (!ok)
            {
                errors.Add(l["Workforce.ImportLine", n + 1]);
                continue;
            }
            if (offered > MaxOfferedPerInterval || seconds > Math.Max(offered, 1) * 24L * 3600
                || start < ValidationErrors.FirstDate.ToDateTime(TimeOnly.MinValue) || start > ValidationErrors.LastDate.ToDateTime(TimeOnly.MaxValue))
            {
                errors.Add(l["Workforce.ImportRange", n + 1, MaxOfferedPerInterval]);
                continue;
            }
            if (!rows.TryAdd((channel!.Value, start), new ContactInterval
                {
                    Channel = channel.Value, StartUtc = start, Source = ContactSource.Imported,
                    Offered = offered, Handled = cells.Count == 3 ? offered : handled, HandleSeconds = seconds,
                }))
            {
                errors.Add(l["Workforce.ImportDuplicate", n + 1]);
            }
        }
        return (errors.Count > 0 ? [] : rows.Values.ToList(), errors);
    }

    // A time with an offset or Z is taken as given; a bare local time is in the service centre's zone.
    private static DateTime LocalOffsetAware(string text, DateTimeOffset parsed, TimeZoneInfo zone)
    {
        var hasOffset = text.EndsWith('Z') || text.EndsWith('z') || System.Text.RegularExpressions.Regex.IsMatch(text, @"[+-]\d\d:?\d\d$");
        return hasOffset ? parsed.UtcDateTime : TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(parsed.DateTime, DateTimeKind.Unspecified), zone);
    }
}
