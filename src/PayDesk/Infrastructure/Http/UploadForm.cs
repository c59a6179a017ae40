namespace PayDesk.Infrastructure.Http;

/// <summary>The multipart form of an upload, read by the handler itself (the handlers check the files one by one).</summary>
public static class UploadForm
{
    /// <summary>
    /// The request's form, or null when it is not one or cannot be read: a multipart body without its boundary, or with a
    /// malformed section, threw <see cref="InvalidDataException"/> from here and answered 500 (anonymous chat visitors
    /// included). A body cut off or over the server's limits still throws <see cref="BadHttpRequestException"/>, which the
    /// API's error handler answers with 400 or 413.
    /// </summary>
    public static async Task<IFormCollection?> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        if (!request.HasFormContentType) return null;
        try
        {
            return await request.ReadFormAsync(ct);
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }
}
