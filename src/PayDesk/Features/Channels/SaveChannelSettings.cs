using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Channels;

/// <summary>
/// Field id ("smtp.host") → new value. A field left out is unchanged; null or "" clears the saved value (the
/// configuration or default applies again). Secrets are written encrypted and never returned.
/// </summary>
internal sealed record SaveChannelSettingsRequest(Dictionary<string, string?>? Values);

/// <summary>
/// An administrator saves channel settings (SMTP, SMS gateway, WeChat, webhook secrets, widget origins). Each value is
/// checked (host, port 1–65535, http(s) URL, origin, e-mail address); fields set by the environment cannot be saved.
/// The audit entry names the fields changed, with old and new values for ordinary fields and only "set"/"cleared" for secrets.
/// </summary>
internal static class SaveChannelSettings
{
    /// <summary>The audit log's record id for the channel settings (AppSetting rows are keyed by name, not by a Guid).</summary>
    public static readonly Guid AuditId = new("5e771a65-0000-4000-8000-00000000c401");

    public static async Task<Results<Ok<ChannelSettingsResponse>, ValidationProblem>> HandleAsync(
        SaveChannelSettingsRequest request, AppDbContext db, ChannelSettingsStore store, ActorAccessor actors, TimeProvider clock,
        IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var errors = new ValidationErrors(l);
        var changes = new Dictionary<ChannelSettingField, string?>();
        if (request.Values is null || request.Values.Count == 0) errors.AddKey("values", "Validation.Required");
        foreach (var (id, raw) in request.Values ?? [])
        {
            if (ChannelSettingFields.Find(id) is not { } field)
            {
                errors.AddKey(id, "ChannelConfig.Unknown");
                continue;
            }
            if (store.Configured(field) is not null)
            {
                errors.AddKey(field.Id, "ChannelConfig.EnvironmentWins");
                continue;
            }
            if (string.IsNullOrWhiteSpace(raw))
            {
                changes[field] = null;
                continue;
            }
            var value = ChannelSettingFields.Check(field, raw, out var problem);
            if (value is null) errors.AddKey(field.Id, problem!);
            else changes[field] = value;
        }
        if (!errors.Any)
        {
            await store.ReloadAsync(ct);
            KeepSecretsAtHome(changes, store, errors, l);
        }
        if (errors.Any) return errors.ToProblem();

        var audit = new JsonObject();
        foreach (var (field, value) in changes)
        {
            var before = store.Saved.TryGetValue(field.Id, out var saved) ? saved.Value : null;
            if (before == value) continue;
            audit[field.Id] = field.Secret
                ? JsonValue.Create(value is null ? "cleared" : "set")
                : new JsonObject { ["from"] = before, ["to"] = value };
        }
        if (audit.Count > 0)
        {
            var actor = actors.Current;
            var now = clock.GetUtcNow().UtcDateTime;
            db.AuditEntries.Add(Audit.AuditEntry.Of(actor, "ChannelSettings", AuditId, Audit.AuditActions.Updated, audit, now));
            var changed = changes.Where(c => audit.ContainsKey(c.Key.Id)).ToDictionary(c => c.Key, c => c.Value);
            await store.SaveAsync(db, changed, actor.Name, now, ct);
        }
        return TypedResults.Ok(GetChannelSettings.View(store));
    }

    /// <summary>Where each secret is sent: the SMTP login to the mail server, the gateway's key to its URL, the AppSecret to the API.</summary>
    private static readonly (string[] Destination, string Secret)[] SecretDestinations =
    [
        (["smtp.host", "smtp.port", "smtp.security"], "smtp.password"),
        (["sms.url"], "sms.apiKey"),
        (["wechat.apiBase"], "wechat.appSecret"),
    ];

    /// <summary>
    /// A secret is never sent somewhere new on its own: moving where it goes (a new SMTP host, gateway URL or WeChat API base)
    /// needs the secret typed again in the same save, and one set by the deployment's environment keeps its destination
    /// to the environment too. Otherwise an administrator's session — or someone holding it — could point the saved or
    /// deployed secret at their own server and read it on the next message (an outside review).
    /// </summary>
    private static void KeepSecretsAtHome(Dictionary<ChannelSettingField, string?> changes, ChannelSettingsStore store, ValidationErrors errors,
        IStringLocalizer<SharedResource> l)
    {
        foreach (var (destination, secretId) in SecretDestinations)
        {
            var secret = ChannelSettingFields.Find(secretId)!;
            var moved = changes.Where(c => destination.Contains(c.Key.Id) && c.Value is not null
                && c.Value != (store.Saved.TryGetValue(c.Key.Id, out var saved) ? saved.Value : c.Key.Default)).Select(c => c.Key).ToList();
            if (moved.Count == 0) continue;
            var secretName = l[$"ChannelConfig.Field.{secret.Id}"];
            if (store.Configured(secret) is not null)
            {
                foreach (var field in moved) errors.AddKey(field.Id, "ChannelConfig.SecretFromEnvironment", secretName);
            }
            else if (store.Saved.ContainsKey(secret.Id) && (!changes.TryGetValue(secret, out var typed) || typed is null))
            {
                foreach (var field in moved) errors.AddKey(field.Id, "ChannelConfig.SecretWithDestination", secretName);
            }
        }
    }
}

internal static class ChannelSettingsEndpoints
{
    public static RouteGroupBuilder MapChannelSettings(this RouteGroupBuilder api)
    {
        var settings = api.MapGroup("/settings/channels").WithTags("Settings").RequireAuthorization(Policies.Admin);
        settings.MapGet("/", GetChannelSettings.HandleAsync).WithName("GetChannelSettings")
            .WithSummary("Every channel setting with its source (environment, saved or default): values for ordinary fields, only whether it is set for secrets.");
        settings.MapPut("/", SaveChannelSettings.HandleAsync).WithName("SaveChannelSettings")
            .WithSummary("Save channel settings (field id → value; null or empty clears). Secrets are stored encrypted; fields set by the environment are refused; audited without secret values.");
        return api;
    }
}
