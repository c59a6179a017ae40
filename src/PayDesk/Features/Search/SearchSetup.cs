namespace PayDesk.Features.Search;

internal static class SearchSetup
{
    /// <summary>
    /// The save hook that keeps the full-text index current. Storage adds it to both providers' contexts
    /// (StorageSetup); the owners of searchable rows register an <see cref="ISearchSource"/> for the backfill.
    /// </summary>
    public static IHostApplicationBuilder AddSearch(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<SearchIndexing>();
        return builder;
    }
}
