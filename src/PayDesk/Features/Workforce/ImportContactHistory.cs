using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;

namespace PayDesk.Features.Workforce;

/// <summary>Load contact history from an earlier system: CSV channel,interval_start,offered[,handled,handle_seconds]; all lines or none.</summary>
internal static class ImportContactHistory
{
    public sealed record ImportResult(int Intervals, long Contacts);

    private const int MaxImportLines = 200_000;

    /// <summary>More contacts than this in one half-hour on one channel is a typing error, not history (and sums stay far from overflowing).</summary>
    private const int MaxOfferedPerInterval = 100_000;

    public static async Task<Results<Ok<ImportResult>, ValidationProblem>> HandleAsync(
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
        if (hasOffset) return parsed.UtcDateTime;
        var local = DateTime.SpecifyKind(parsed.DateTime, DateTimeKind.Unspecified);
        // A local time the zone skipped (Shanghai's summer time, 1986–1991) threw ArgumentException (HTTP 500); one at the ends
        // of the calendar overflowed. Neither is a time, so the line is refused like any other it cannot read.
        if (local.Year is < 2 or > 9998 || zone.IsInvalidTime(local)) return default;
        return TimeZoneInfo.ConvertTimeToUtc(local, zone);
    }
}
