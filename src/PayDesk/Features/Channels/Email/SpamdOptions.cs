namespace PayDesk.Features.Channels.Email;

/// <summary>SpamAssassin's spamd (Channels:Spamd); with no host or port 0 (the default) mail is not scored.</summary>
internal sealed class SpamdOptions
{
    public string? Host { get; set; }
    public int Port { get; set; }

    /// <summary>Mail scoring this much or more is held in the quarantine as "spam" (SpamAssassin's own default is 5.0).</summary>
    public double Threshold { get; set; } = 5.0;

    /// <summary>How long one check may take; spamd answers in ~40 ms, so a slow one is a sick one.</summary>
    public double TimeoutSeconds { get; set; } = 10;

    /// <summary>Larger mail is not sent for scoring, as spamc does (its default limit is 500 KB); spam is small.</summary>
    public int MaxBytes { get; set; } = 512 * 1024;

    public bool Enabled => !string.IsNullOrWhiteSpace(Host) && Port > 0;
}
