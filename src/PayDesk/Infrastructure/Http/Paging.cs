namespace PayDesk.Infrastructure.Http;

/// <summary>Every API list is paged; pages count from 1.</summary>
internal sealed record Paged<T>(IReadOnlyList<T> Items, int Page, int PageSize, int Total)
{
    public int Pages => Total == 0 ? 0 : (Total + PageSize - 1) / PageSize;
}

internal readonly record struct PageRequest(int Page, int PageSize)
{
    public const int DefaultSize = 25;
    public const int MaxSize = 100;

    /// <summary>The last page anyone may ask for: ten million rows at the largest size, far from overflowing the offset.</summary>
    public const int MaxPage = 100_000;

    /// <summary>
    /// Between 1 and <see cref="MaxPage"/> however the page was built: pages that built one from their address without
    /// <see cref="From"/> (the inbox, "my complaints", users …) overflowed the offset with ?page=300000000, which PostgreSQL
    /// refused (a negative OFFSET, HTTP 500).
    /// </summary>
    public int Page { get; init; } = Math.Clamp(Page, 1, MaxPage);

    public int Skip => (Page - 1) * PageSize;

    public static PageRequest From(int? page, int? pageSize, ValidationErrors errors)
    {
        var p = page ?? 1;
        var s = pageSize ?? DefaultSize;
        if (p < 1) errors.AddKey("page", "Validation.PageMin");
        else if (p > MaxPage) errors.AddKey("page", "Validation.PageMax", MaxPage);
        if (s is < 1 or > MaxSize) errors.AddKey("pageSize", "Validation.PageSize", MaxSize);
        return new PageRequest(p, Math.Clamp(s, 1, MaxSize));
    }
}
