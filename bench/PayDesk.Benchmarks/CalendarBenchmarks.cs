using BenchmarkDotNet.Attributes;
using PayDesk.Features.Sla;

namespace PayDesk.Benchmarks;

/// <summary>
/// Due-time arithmetic on the compiled calendars: one Add or Between is two binary searches over
/// ~5,000 spans (2020–2040). Target: at least a million computations per second per core.
/// </summary>
[MemoryDiagnoser]
public class CalendarBenchmarks
{
    private const int Batch = 1024;
    private readonly DateTime[] _starts = new DateTime[Batch];
    private readonly TimeSpan[] _durations = new TimeSpan[Batch];
    private BusinessCalendar _standard = null!;
    private BusinessCalendar _extended = null!;

    [GlobalSetup]
    public void Setup()
    {
        _standard = CalendarCache.Default(DefaultCalendars.Standard)!;
        _extended = CalendarCache.Default(DefaultCalendars.Extended)!;
        var random = new Random(42);
        var from = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;
        var span = new DateTime(2027, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks - from;
        for (var i = 0; i < Batch; i++)
        {
            _starts[i] = new DateTime(from + (long)(random.NextDouble() * span), DateTimeKind.Utc);
            _durations[i] = TimeSpan.FromMinutes(random.Next(1, 60 * 24 * 15));
        }
    }

    [Benchmark(OperationsPerInvoke = Batch, Description = "Add business time (standard calendar)")]
    public DateTime AddStandard()
    {
        var last = default(DateTime);
        for (var i = 0; i < Batch; i++) last = _standard.Add(_starts[i], _durations[i]);
        return last;
    }

    [Benchmark(OperationsPerInvoke = Batch, Description = "Business time between (extended calendar)")]
    public TimeSpan BetweenExtended()
    {
        var total = TimeSpan.Zero;
        for (var i = 0; i < Batch; i++) total += _extended.Between(_starts[i], _starts[(i + 1) % Batch]);
        return total;
    }

    [Benchmark(Description = "Compile a calendar (2020–2040)")]
    public int Compile() => new BusinessCalendar(DefaultCalendars.StandardCalendar(), CalendarCache.FirstDay, CalendarCache.LastDay).SpanCount;
}
