namespace PayDesk.Features.Assistant;

internal sealed class LlmOptions
{
    /// <summary>An OpenAI-compatible endpoint (…/v1); empty = no generative model, templates only.</summary>
    public string? Endpoint { get; set; }
    public string Model { get; set; } = "gpt-4o-mini";
    public string? ApiKey { get; set; }
    public int TimeoutSeconds { get; set; } = 8;
}
