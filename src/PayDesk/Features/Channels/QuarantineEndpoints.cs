using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Channels;

/// <summary>The quarantine's routes (administrators only); each points at its use case.</summary>
internal static class QuarantineEndpoints
{
    public static RouteGroupBuilder MapQuarantine(this RouteGroupBuilder api)
    {
        var q = api.MapGroup("/channels/quarantine").WithTags("Channels").RequireAuthorization(Policies.Admin);
        q.MapGet("/", ListQuarantined.HandleAsync).WithName("ListQuarantine").WithSummary("Held (or released/discarded) inbound messages, newest first.");
        q.MapGet("/{id:guid}/raw", ListQuarantined.RawAsync).WithName("QuarantineRaw").WithSummary("The message exactly as received.");
        q.MapPost("/{id:guid}/release", ReleaseQuarantined.HandleAsync).WithName("ReleaseQuarantined")
            .WithSummary("Put a held e-mail onto a complaint after all (e.g. an auto-reply that was a real answer).");
        q.MapPost("/{id:guid}/discard", DiscardQuarantined.HandleAsync).WithName("DiscardQuarantined").WithSummary("Mark a held message as looked at and not needed; the source stays.");
        return api;
    }
}
