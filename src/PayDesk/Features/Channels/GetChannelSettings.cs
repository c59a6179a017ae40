using Microsoft.AspNetCore.Http.HttpResults;

namespace PayDesk.Features.Channels;

/// <summary>
/// One channel setting as the API and the page show it: the value for ordinary fields; for secrets only whether one is
/// set (never the secret), with its source and, when saved, who saved it and when.
/// </summary>
internal sealed record ChannelSettingView(
    string Id, string Channel, string Name, bool Secret, ChannelSettingSource Source, string? Value, bool IsSet, DateTime? UpdatedAt, string? UpdatedBy);

internal sealed record ChannelSettingsResponse(IReadOnlyList<ChannelSettingView> Fields);

internal static class GetChannelSettings
{
    public static async Task<Ok<ChannelSettingsResponse>> HandleAsync(ChannelSettingsStore store, CancellationToken ct)
    {
        await store.ReloadAsync(ct);
        return TypedResults.Ok(View(store));
    }

    public static ChannelSettingsResponse View(ChannelSettingsStore store) =>
        new(ChannelSettingFields.All.Select(f => Field(store, f)).ToList());

    private static ChannelSettingView Field(ChannelSettingsStore store, ChannelSettingField f)
    {
        var source = store.SourceOf(f);
        store.Saved.TryGetValue(f.Id, out var saved);
        var value = source switch
        {
            ChannelSettingSource.Environment => store.Configured(f),
            ChannelSettingSource.Saved => saved!.Value,
            _ => f.Default,
        };
        return new ChannelSettingView(f.Id, f.Channel, f.Name, f.Secret, source,
            f.Secret ? null : value, !string.IsNullOrEmpty(value),
            source == ChannelSettingSource.Saved ? saved!.UpdatedAt : null, source == ChannelSettingSource.Saved ? saved!.UpdatedBy : null);
    }
}
