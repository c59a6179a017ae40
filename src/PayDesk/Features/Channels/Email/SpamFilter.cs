using System.Globalization;
using Microsoft.Extensions.Options;
using PayDesk.Features.Complaints;

namespace PayDesk.Features.Channels.Email;

/// <summary>
/// Scores inbound e-mail with SpamAssassin (when Channels:Spamd is configured) and holds mail at or above the
/// threshold in the quarantine as "spam", with the score and the rules in its detail, for an administrator to
/// release or discard. When spamd is down or slow the mail goes on unscored (fail-open, docs/channels.md):
/// a customer's complaint held behind a sick spam filter would miss its deadline without anyone knowing.
/// </summary>
internal sealed class SpamFilter(SpamdClient spamd, IOptions<SpamdOptions> options, ILogger<SpamFilter> logger) : IInboundFilter
{
    public int Order => 20;

    public async Task ApplyAsync(InboundContext context, CancellationToken ct)
    {
        var o = options.Value;
        var m = context.Message;
        if (!o.Enabled || m.Released || m.Channel != TicketChannel.Email || m.Raw is not { } raw || raw.Length > o.MaxBytes) return;
        SpamVerdict verdict;
        try
        {
            verdict = await spamd.CheckAsync(raw, ct);
        }
        catch (SpamdUnavailableException ex)
        {
            logger.LogWarning("Inbound e-mail accepted without a spam score: {Problem}", ex.Message);
            return;
        }
        if (verdict.Score < o.Threshold) return;
        var rules = string.Join(", ", verdict.Rules);
        context.Quarantine("spam", string.Create(CultureInfo.InvariantCulture, $"SpamAssassin {verdict.Score:0.0} / {o.Threshold:0.0}: {rules}"));
    }
}
