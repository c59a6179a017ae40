namespace PayDesk.Features.Sla;

/// <summary>
/// Statutory holidays of mainland China and their make-up working days (调休), from the State
/// Council's annual notices. Add a year here when its notice is published.
/// </summary>
public static class ChinaHolidays
{
    private static DateOnly D(int y, int m, int d) => new(y, m, d);

    private static IEnumerable<DateOnly> Range(DateOnly from, DateOnly to)
    {
        for (var d = from; d <= to; d = d.AddDays(1)) yield return d;
    }

    /// <summary>Holiday name by date.</summary>
    public static readonly IReadOnlyDictionary<DateOnly, string> Holidays = new (string Name, DateOnly From, DateOnly To)[]
    {
        ("元旦", D(2025, 1, 1), D(2025, 1, 1)),
        ("春节", D(2025, 1, 28), D(2025, 2, 4)),
        ("清明节", D(2025, 4, 4), D(2025, 4, 6)),
        ("劳动节", D(2025, 5, 1), D(2025, 5, 5)),
        ("端午节", D(2025, 5, 31), D(2025, 6, 2)),
        ("国庆节、中秋节", D(2025, 10, 1), D(2025, 10, 8)),
        ("元旦", D(2026, 1, 1), D(2026, 1, 3)),
        ("春节", D(2026, 2, 15), D(2026, 2, 23)),
        ("清明节", D(2026, 4, 4), D(2026, 4, 6)),
        ("劳动节", D(2026, 5, 1), D(2026, 5, 5)),
        ("端午节", D(2026, 6, 19), D(2026, 6, 21)),
        ("中秋节", D(2026, 9, 25), D(2026, 9, 27)),
        ("国庆节", D(2026, 10, 1), D(2026, 10, 7)),
    }.SelectMany(h => Range(h.From, h.To).Select(d => (d, h.Name))).ToDictionary(x => x.d, x => x.Name);

    /// <summary>Weekend days worked in exchange for a longer holiday.</summary>
    public static readonly IReadOnlySet<DateOnly> MakeUpWorkingDays = new HashSet<DateOnly>
    {
        D(2025, 1, 26), D(2025, 2, 8), D(2025, 4, 27), D(2025, 9, 28), D(2025, 10, 11),
        D(2026, 1, 4), D(2026, 2, 14), D(2026, 2, 28), D(2026, 5, 9), D(2026, 9, 20), D(2026, 10, 10),
    };

    /// <summary>The years whose notices are in the data.</summary>
    public static readonly IReadOnlyList<int> Years = [2025, 2026];
}
