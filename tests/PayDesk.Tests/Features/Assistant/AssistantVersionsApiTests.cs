using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PayDesk.Features.Assistant;
using PayDesk.Infrastructure.Security;
using PayDesk.Tests.Infrastructure;

namespace PayDesk.Tests.Features.Assistant;

/// <summary>
/// Administrators list the stored intent model versions and choose which one serves (a roll-back after a bad training):
/// paged, audited, refused to everyone else; the server they act on follows at once.
/// </summary>
public sealed class AssistantVersionsApiTests(SqliteHost host) : IClassFixture<SqliteHost>
{
    private static AssistantModelVersion Version(int number, bool active, IntentModel model) => new()
    {
        Version = number, CreatedAt = DateTime.UtcNow.AddDays(number - 10), Examples = model.Examples.Count, Intents = model.Intents.Count,
        Accuracy = 0.9 + number / 1000.0, Active = active, Sources = $"test {number}", Payload = model.Serialize(),
    };

    [Fact]
    public async Task An_administrator_rolls_back_to_an_earlier_version_and_the_choice_is_audited()
    {
        var ct = TestContext.Current.CancellationToken;
        var model = IntentModel.Train(AssistantTraining.ShippedSplit().Train.Where((_, i) => i % 4 == 0).ToList());
        await using (var scope = host.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PayDesk.Infrastructure.Data.AppDbContext>();
            db.AssistantModels.AddRange(Version(1, false, model), Version(2, false, model), Version(3, true, model));
            await db.SaveChangesAsync(ct);
        }
        var admin = await host.Factory.AdminClientAsync();

        // Newest first, paged.
        var first = await admin.GetFromJsonAsync<JsonElement>("/api/v1/assistant/models?pageSize=2", ct);
        Assert.Equal(3, first.GetProperty("total").GetInt32());
        Assert.Equal([3, 2], first.GetProperty("items").EnumerateArray().Select(v => v.GetProperty("version").GetInt32()).ToArray());
        Assert.True(first.GetProperty("items")[0].GetProperty("active").GetBoolean());
        var bad = await admin.GetAsync("/api/v1/assistant/models?pageSize=0", ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);

        // Roll back to v1: v3 steps down, one audit entry says who did it and from what.
        var rolled = await admin.PostAsync("/api/v1/assistant/models/1/activate", null, ct);
        Assert.Equal(HttpStatusCode.OK, rolled.StatusCode);
        Assert.True((await rolled.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("active").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync("/api/v1/assistant/models/1/activate", null, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync("/api/v1/assistant/models/99/activate", null, ct)).StatusCode);
        await using (var scope = host.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PayDesk.Infrastructure.Data.AppDbContext>();
            Assert.Equal([1], await db.AssistantModels.Where(m => m.Active).Select(m => m.Version).ToListAsync(ct));
            var audit = await db.AuditEntries.Where(a => a.EntityType == AssistantVersions.AuditEntity).ToListAsync(ct);
            var entry = Assert.Single(audit); // activating the active one again wrote nothing
            Assert.Equal("activated", entry.Action);
            Assert.Equal(AssistantVersions.AuditId(1), entry.EntityId);
            Assert.Contains("\"from\":3", entry.Changes);
            Assert.Contains("\"to\":1", entry.Changes);
            Assert.NotEqual("system", entry.ActorName);
        }

        // The server the request reached serves it already (the others on their watcher's next round).
        Assert.Equal(1, host.Factory.Services.GetRequiredService<AssistantModel>().ActiveVersion);

        // Nobody else may see or choose.
        var (agent, _) = await host.NewStaffClientAsync(Roles.Agent);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync("/api/v1/assistant/models", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.PostAsync("/api/v1/assistant/models/2/activate", null, ct)).StatusCode);
    }
}
