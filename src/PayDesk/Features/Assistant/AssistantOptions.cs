namespace PayDesk.Features.Assistant;

internal sealed class AssistantOptions
{
    /// <summary>Chat starts with the assistant (bot first); off = straight to the human queue.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Below this confidence a message counts as not understood.</summary>
    public double LowConfidence { get; set; } = 0.35;
}
