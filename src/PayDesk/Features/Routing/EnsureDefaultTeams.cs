using Microsoft.EntityFrameworkCore;
using PayDesk.Infrastructure.Data;

namespace PayDesk.Features.Routing;

/// <summary>At start-up: an empty database gets the default teams, so routing has queues to send complaints to.</summary>
internal static class EnsureDefaultTeams
{
    public static async Task RunAsync(IServiceProvider services, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        if (await db.ServiceTeams.AnyAsync(ct)) return;
        db.ServiceTeams.AddRange(ServiceTeam.Defaults());
        await db.SaveChangesAsync(ct);
    }
}
