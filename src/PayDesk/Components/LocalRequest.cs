namespace PayDesk.Components;

/// <summary>Return addresses the sign-in pages and the language switch may send a browser to: only paths on this site.</summary>
internal static class LocalRequest
{
    /// <summary>
    /// True for "/path"; false for empty, absolute, protocol-relative ("//host") and "/\host" addresses a browser would leave
    /// the site for — also when a tab or line break sits between the slashes ("/%09/host"): browsers drop those characters
    /// from addresses, so "/\t/host" is "//host" to them.
    /// </summary>
    public static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal)
        && !url.Any(char.IsControl);
}
