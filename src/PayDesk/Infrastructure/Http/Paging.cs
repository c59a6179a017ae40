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

    public int Skip => (Page - 1) * PageSize;

    public static PageRequest From(int? page, int? pageSize, ValidationErrors errors)
    {
        var p = page ?? 1;
        var s = pageSize ?? DefaultSize;
        if (p < 1) errors.AddKey("page", "Validation.PageMin");
        if (s is < 1 or > MaxSize) errors.AddKey("pageSize", "Validation.PageSize", MaxSize);
        return new PageRequest(Math.Max(p, 1), Math.Clamp(s, 1, MaxSize));
    }
}
