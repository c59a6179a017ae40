using PayDesk.Infrastructure.Security;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;

namespace PayDesk.Features.Routing;

/// <summary>A supervisor sets an agent's team, skills (level 1–5) and capacity.</summary>
internal static class SetAgentProfile
{
    public sealed record ProfileRequest(string? Team, string? Region, Dictionary<string, int>? Skills, int? ChatCapacity, int? CallCapacity, int? TicketCapacity);

    public static async Task<Results<Ok<GetAgentProfile.ProfileResponse>, NotFound, ValidationProblem>> HandleAsync(
        Guid userId, ProfileRequest request, AppDbContext db, UserManager<AppUser> users, TimeProvider clock, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var user = await users.FindByIdAsync(userId.ToString());
        if (user is null || !await users.IsStaffAsync(user)) return TypedResults.NotFound();
        var errors = new ValidationErrors(l);
        if (errors.Required("team", request.Team) && !await db.ServiceTeams.AnyAsync(t => t.Name == request.Team, ct)) errors.AddKey("team", "Routing.UnknownTeam");
        if (request.Skills is null || request.Skills.Count == 0) errors.AddKey("skills", "Validation.Required");
        else if (request.Skills.Any(s => s.Value is < 1 or > 5 || !s.Key.Contains(':'))) errors.AddKey("skills", "Routing.SkillLevel");
        // Stored in columns of 64 and 4,000 characters (longer ones answered 500 on PostgreSQL).
        else if (JsonSerializer.Serialize(request.Skills).Length > 4000) errors.AddKey("skills", "Validation.MaxLength", 4000);
        errors.MaxLength("region", request.Region?.Trim(), 64);
        foreach (var (field, value, max) in new[] { ("chatCapacity", request.ChatCapacity, 20), ("callCapacity", request.CallCapacity, 1), ("ticketCapacity", request.TicketCapacity, 500) })
        {
            if (value is < 0 || value > max) errors.AddKey(field, "Routing.Capacity", max);
        }
        if (errors.Any) return errors.ToProblem();

        var profile = await db.AgentProfiles.FirstOrDefaultAsync(a => a.UserId == userId, ct);
        var created = profile is null;
        if (profile is null)
        {
            profile = new AgentProfile { UserId = userId, Team = request.Team!, Skills = "{}", PresenceSince = clock.GetUtcNow().UtcDateTime };
            db.AgentProfiles.Add(profile);
        }
        profile.Team = request.Team!;
        profile.Region = request.Region?.Trim() ?? "";
        profile.Skills = JsonSerializer.Serialize(request.Skills);
        profile.ChatCapacity = request.ChatCapacity ?? profile.ChatCapacity;
        profile.CallCapacity = request.CallCapacity ?? profile.CallCapacity;
        profile.TicketCapacity = request.TicketCapacity ?? profile.TicketCapacity;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (created && DatabaseFailureLogging.IsUniqueViolation(e))
        {
            // Two first saves at once (a double click, two supervisors) both inserted (HTTP 500 for the second): the other one
            // created the profile, so this one is saved over it, as a later save would be.
            db.ChangeTracker.Clear();
            return await HandleAsync(userId, request, db, users, clock, l, ct);
        }
        return TypedResults.Ok(GetAgentProfile.ProfileResponse.From(profile));
    }
}
