using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace PayDesk.Features.Sla;

/// <summary>A stored, editable service-hours calendar; the defaults are written on first start.</summary>
internal sealed class ServiceCalendar
{
    public required string Name { get; init; }
    public required string TimeZone { get; set; }
    public bool AlwaysOpen { get; set; }

    /// <summary>JSON: weekday → ["09:00-18:00", …].</summary>
    public required string WeeklyHours { get; set; }

    /// <summary>Hours of a make-up working day, e.g. "09:00-18:00".</summary>
    public string? WorkingDayHours { get; set; }
    public DateTime UpdatedAt { get; set; }
    public List<CalendarDay> Days { get; init; } = [];

    public CalendarDefinition ToDefinition() => new()
    {
        Name = Name,
        TimeZone = TimeZone,
        AlwaysOpen = AlwaysOpen,
        Weekly = (JsonSerializer.Deserialize<Dictionary<DayOfWeek, string[]>>(WeeklyHours) ?? [])
            .ToDictionary(d => d.Key, d => (IReadOnlyList<OpeningInterval>)d.Value.Select(OpeningInterval.Parse).ToList()),
        WorkingDayHours = CalendarDay.ParseHours(WorkingDayHours),
        Exceptions = Days.ToDictionary(d => d.Date, d => new DayException(d.Kind, CalendarDay.ParseHours(d.Hours) ?? [], d.Label)),
    };

    public static ServiceCalendar From(CalendarDefinition definition, DateTime now)
    {
        var calendar = new ServiceCalendar
        {
            Name = definition.Name, TimeZone = definition.TimeZone, WeeklyHours = "{}",
            Days = definition.Exceptions.Select(e => new CalendarDay
            {
                Calendar = definition.Name, Date = e.Key, Kind = e.Value.Kind, Hours = e.Value.Hours.Count == 0 ? null : CalendarDay.FormatHours(e.Value.Hours), Label = e.Value.Label,
            }).ToList(),
        };
        calendar.SetHours(definition, now);
        return calendar;
    }

    /// <summary>The definition's time zone, weekly and make-up-day hours, as stored (its dated exceptions are left alone).</summary>
    public void SetHours(CalendarDefinition definition, DateTime now)
    {
        TimeZone = definition.TimeZone;
        AlwaysOpen = definition.AlwaysOpen;
        WeeklyHours = JsonSerializer.Serialize(definition.Weekly.ToDictionary(d => d.Key, d => d.Value.Select(i => i.ToString()).ToArray()));
        WorkingDayHours = definition.WorkingDayHours is { } hours ? CalendarDay.FormatHours(hours) : null;
        UpdatedAt = now;
    }
}

/// <summary>A dated exception of a calendar: a holiday, other hours, or a make-up working day.</summary>
internal sealed class CalendarDay
{
    public long Id { get; init; }
    public required string Calendar { get; init; }
    public DateOnly Date { get; init; }
    public DayExceptionKind Kind { get; set; }
    public string? Hours { get; set; }
    public string? Label { get; set; }

    public static IReadOnlyList<OpeningInterval>? ParseHours(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null : text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(OpeningInterval.Parse).ToList();

    public static string FormatHours(IEnumerable<OpeningInterval> hours) => string.Join(",", hours.Select(h => h.ToString()));

    /// <summary>Checks "09:00-12:00,13:30-18:00"; null when malformed.</summary>
    public static IReadOnlyList<OpeningInterval>? TryParseHours(string? text)
    {
        try
        {
            return ParseHours(text);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

internal sealed class ServiceCalendarConfiguration : IEntityTypeConfiguration<ServiceCalendar>
{
    public void Configure(EntityTypeBuilder<ServiceCalendar> b)
    {
        b.ToTable("service_calendars");
        b.HasKey(c => c.Name);
        b.Property(c => c.Name).HasMaxLength(64);
        b.Property(c => c.TimeZone).HasMaxLength(64);
        b.Property(c => c.WeeklyHours).HasMaxLength(2000);
        b.Property(c => c.WorkingDayHours).HasMaxLength(200);
        b.HasMany(c => c.Days).WithOne().HasForeignKey(d => d.Calendar).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CalendarDayConfiguration : IEntityTypeConfiguration<CalendarDay>
{
    public void Configure(EntityTypeBuilder<CalendarDay> b)
    {
        b.ToTable("calendar_days");
        b.Property(d => d.Calendar).HasMaxLength(64);
        b.Property(d => d.Kind).HasConversion<string>().HasMaxLength(16);
        b.Property(d => d.Hours).HasMaxLength(200);
        b.Property(d => d.Label).HasMaxLength(100);
        b.HasIndex(d => new { d.Calendar, d.Date }).IsUnique();
    }
}
