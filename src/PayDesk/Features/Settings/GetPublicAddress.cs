namespace PayDesk.Features.Settings;

/// <summary>The public address in force, where it came from, and what an administrator saved.</summary>
internal sealed record PublicAddressResponse(
    string Url, PublicAddressSource Source, bool IsLoopback, bool NeedsAttention, string? SavedUrl, DateTime? SavedAt, string? SavedBy)
{
    public static PublicAddressResponse From(PublicAddressState s) => new(s.Url, s.Source, s.IsLoopback, s.NeedsAttention, s.SavedUrl, s.SavedAt, s.SavedBy);
}

internal static class GetPublicAddress
{
    public static async Task<Microsoft.AspNetCore.Http.HttpResults.Ok<PublicAddressResponse>> HandleAsync(PublicAddress address, CancellationToken ct)
    {
        await address.ReloadAsync(ct);
        return TypedResults.Ok(PublicAddressResponse.From(address.Current));
    }
}
