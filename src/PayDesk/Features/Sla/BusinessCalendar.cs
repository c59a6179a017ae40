namespace PayDesk.Features.Sla;

/// <summary>
/// A calendar compiled into sorted UTC spans with running totals of business time, so that adding
/// business time or measuring it between two instants is a binary search — O(log spans) — never a
/// walk minute by minute. Spans cover <see cref="FirstDay"/>..<see cref="LastDay"/>; instants
/// outside are refused rather than guessed.
/// </summary>
public sealed class BusinessCalendar
{
    private readonly long[] _starts;
    private readonly long[] _ends;
    private readonly long[] _before; // business ticks in all spans before span i

    public BusinessCalendar(CalendarDefinition definition, DateOnly firstDay, DateOnly lastDay)
    {
        Definition = definition;
        FirstDay = firstDay;
        LastDay = lastDay;
        Zone = TimeZoneInfo.FindSystemTimeZoneById(definition.TimeZone);
        RangeStartUtc = ToUtc(firstDay.ToDateTime(TimeOnly.MinValue));
        RangeEndUtc = ToUtc(lastDay.AddDays(1).ToDateTime(TimeOnly.MinValue));

        var spans = new List<(long Start, long End)>();
        if (definition.AlwaysOpen)
        {
            spans.Add((RangeStartUtc.Ticks, RangeEndUtc.Ticks));
        }
        else
        {
            // The day before the range too: its overnight shift may reach into the first day.
            for (var day = firstDay.AddDays(-1); day <= lastDay; day = day.AddDays(1))
            {
                foreach (var interval in definition.HoursOn(day))
                {
                    var localStart = day.ToDateTime(interval.Start);
                    var localEnd = interval.End > interval.Start ? day.ToDateTime(interval.End) : day.AddDays(1).ToDateTime(interval.End);
                    var start = Math.Max(ToUtc(localStart).Ticks, RangeStartUtc.Ticks);
                    var end = Math.Min(ToUtc(localEnd).Ticks, RangeEndUtc.Ticks);
                    if (end > start) spans.Add((start, end));
                }
            }
        }
        spans.Sort();
        var merged = new List<(long Start, long End)>(spans.Count);
        foreach (var span in spans)
        {
            if (merged.Count > 0 && span.Start <= merged[^1].End)
            {
                merged[^1] = (merged[^1].Start, Math.Max(merged[^1].End, span.End));
            }
            else
            {
                merged.Add(span);
            }
        }
        _starts = merged.Select(s => s.Start).ToArray();
        _ends = merged.Select(s => s.End).ToArray();
        _before = new long[merged.Count + 1];
        for (var i = 0; i < merged.Count; i++) _before[i + 1] = _before[i] + (_ends[i] - _starts[i]);
    }

    public CalendarDefinition Definition { get; }
    public TimeZoneInfo Zone { get; }
    public DateOnly FirstDay { get; }
    public DateOnly LastDay { get; }
    public DateTime RangeStartUtc { get; }
    public DateTime RangeEndUtc { get; }
    public int SpanCount => _starts.Length;

    /// <summary>Whether the service is open at an instant (a span is [start, end)).</summary>
    public bool IsOpen(DateTime utc)
    {
        var i = SpanAtOrBefore(Check(utc).Ticks);
        return i >= 0 && utc.Ticks < _ends[i];
    }

    /// <summary>Business time from the start of the range to <paramref name="utc"/>.</summary>
    public TimeSpan Elapsed(DateTime utc) => TimeSpan.FromTicks(CumulativeAt(Check(utc).Ticks));

    /// <summary>Business time between two instants (negative when <paramref name="toUtc"/> is earlier).</summary>
    public TimeSpan Between(DateTime fromUtc, DateTime toUtc) =>
        TimeSpan.FromTicks(CumulativeAt(Check(toUtc).Ticks) - CumulativeAt(Check(fromUtc).Ticks));

    /// <summary>
    /// The instant when <paramref name="business"/> of open time has passed after <paramref name="startUtc"/>.
    /// A positive duration ends inside a span or at its closing instant; zero gives the start when
    /// open, else the next opening.
    /// </summary>
    public DateTime Add(DateTime startUtc, TimeSpan business)
    {
        if (business < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(business), "Business time to add must not be negative.");
        var target = CumulativeAt(Check(startUtc).Ticks) + business.Ticks;
        if (business == TimeSpan.Zero)
        {
            if (IsOpen(startUtc)) return startUtc;
            var next = SpanAtOrBefore(startUtc.Ticks) + 1;
            return next < _starts.Length ? new DateTime(_starts[next], DateTimeKind.Utc) : throw OutOfRange(startUtc);
        }
        // First span whose running total at its end reaches the target.
        int lo = 0, hi = _starts.Length - 1, found = -1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_before[mid + 1] >= target)
            {
                found = mid;
                hi = mid - 1;
            }
            else
            {
                lo = mid + 1;
            }
        }
        if (found < 0) throw OutOfRange(startUtc + business);
        return new DateTime(_starts[found] + (target - _before[found]), DateTimeKind.Utc);
    }

    public DateTime ToUtc(DateTime local)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        // A local time skipped by a daylight-saving change opens when the clocks have moved on.
        while (Zone.IsInvalidTime(local)) local = local.AddMinutes(1);
        return TimeZoneInfo.ConvertTimeToUtc(local, Zone);
    }

    public DateTimeOffset ToLocal(DateTime utc) => TimeZoneInfo.ConvertTime(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)), Zone);

    private long CumulativeAt(long ticks)
    {
        var i = SpanAtOrBefore(ticks);
        if (i < 0) return 0;
        return ticks < _ends[i] ? _before[i] + (ticks - _starts[i]) : _before[i + 1];
    }

    /// <summary>Index of the last span starting at or before <paramref name="ticks"/>, or -1.</summary>
    private int SpanAtOrBefore(long ticks)
    {
        int lo = 0, hi = _starts.Length - 1, found = -1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_starts[mid] <= ticks)
            {
                found = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }
        return found;
    }

    private DateTime Check(DateTime utc)
    {
        if (utc.Kind == DateTimeKind.Local) utc = utc.ToUniversalTime();
        if (utc < RangeStartUtc || utc > RangeEndUtc) throw OutOfRange(utc);
        return utc;
    }

    private ArgumentOutOfRangeException OutOfRange(DateTime utc) =>
        new(nameof(utc), $"{utc:O} is outside the calendar '{Definition.Name}' range {FirstDay:yyyy-MM-dd}..{LastDay:yyyy-MM-dd}.");
}
