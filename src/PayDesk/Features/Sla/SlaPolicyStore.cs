using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;

namespace PayDesk.Features.Sla;

/// <summary>
/// The service-level policy in force: configuration gives the defaults, admins override them in
/// the database. New clocks and re-targets use the current policy; running clocks keep their targets.
/// </summary>
internal sealed class SlaPolicyStore(IOptions<SlaOptions> defaults, IServiceScopeFactory scopes)
{
    public const string Key = "sla.policy";

    private static readonly JsonSerializerOptions Json = Serializer();

    private volatile SlaOptions _current = defaults.Value;
    private DateTime _version;

    public SlaOptions Current => _current;

    public static JsonSerializerOptions Serializer()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow };
        ApiSetup.Configure(options);
        return options;
    }

    public async Task ReloadAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var stored = await db.AppSettings.AsNoTracking().FirstOrDefaultAsync(s => s.Key == Key, ct);
        if (stored is null || stored.UpdatedAt == _version) return;
        var policy = JsonSerializer.Deserialize<SlaOptions>(stored.Value, Json);
        if (policy is not null && !policy.Problems().Any())
        {
            policy.EvaluatorIntervalSeconds = defaults.Value.EvaluatorIntervalSeconds;
            _current = policy;
            _version = stored.UpdatedAt;
        }
    }

    public async Task SaveAsync(AppDbContext db, SlaOptions policy, string by, DateTime now, CancellationToken ct)
    {
        var stored = await db.AppSettings.FirstOrDefaultAsync(s => s.Key == Key, ct);
        var json = JsonSerializer.Serialize(policy, Json);
        if (stored is null) db.AppSettings.Add(new AppSetting { Key = Key, Value = json, UpdatedAt = now, UpdatedBy = by });
        else
        {
            stored.Value = json;
            stored.UpdatedAt = now;
            stored.UpdatedBy = by;
        }
        await db.SaveChangesAsync(ct);
        await ReloadAsync(ct);
    }
}
