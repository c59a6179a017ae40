namespace PayDesk.Infrastructure.Http;

/// <summary>
/// A NUL character (%00) in an address's path or query is refused with 400 before anything reads it. PostgreSQL refuses NUL
/// in text (error 22021), so a filter carrying one — /api/v1/kb/articles?category=%00, anonymous — answered 500 there; saved
/// text is cleaned of it on the way in (<c>NulFreeText</c>), but filters never reach a save.
/// </summary>
public static class NulInAddress
{
    public static IApplicationBuilder UseNulFreeAddresses(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (Contains(http.Request))
        {
            await ApiSetup.WriteProblemAsync(http, StatusCodes.Status400BadRequest, "Request.Bad", "Request.NulInAddress");
            return;
        }
        await next(http);
    });

    private static bool Contains(HttpRequest request)
    {
        if (request.Path.Value?.Contains('\0') == true) return true;
        foreach (var (key, values) in request.Query)
        {
            if (key.Contains('\0')) return true;
            foreach (var value in values)
            {
                if (value?.Contains('\0') == true) return true;
            }
        }
        return false;
    }
}
