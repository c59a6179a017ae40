using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using PayDesk.Infrastructure.Http;

namespace PayDesk.Features.Announcements;

/// <summary>What the help centre, the portal and the chat widget show now, anonymously: no personal data, times in Beijing time.</summary>
internal static class ListPublicNotices
{
    public static async Task<Results<Ok<IReadOnlyList<PublicNotice>>, ValidationProblem>> HandleAsync(
        string? placement, PublicNotices notices, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var place = AnnouncementDto.Places.FirstOrDefault(p => p.Name == (placement ?? "help_centre"));
        if (place.Name is null || place.Flag == AnnouncementPlacement.Assistant)
        {
            var errors = new ValidationErrors(l);
            errors.AddKey("placement", "Announcements.PlacementUnknown", placement ?? "");
            return errors.ToProblem();
        }
        return TypedResults.Ok(await notices.CurrentAsync(place.Flag, null, ct));
    }
}
