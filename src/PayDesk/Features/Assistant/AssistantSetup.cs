namespace PayDesk.Features.Assistant;

/// <summary>The assistant's services: the intent model, the chat brain, agent assist, social replies and the optional generative phrasing.</summary>
internal static class AssistantSetup
{
    public static IHostApplicationBuilder AddAssistant(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        var config = builder.Configuration;
        services.AddOptions<AssistantOptions>().Bind(config.GetSection("Assistant"))
            .Validate(o => o.LowConfidence is > 0 and < 1, "Assistant:LowConfidence must be between 0 and 1.").ValidateOnStart();
        services.AddSingleton<AssistantModel>();
        services.AddScoped<AssistantBrain>();
        services.AddScoped<AgentAssistSuggestion>();
        services.AddScoped<SocialAssistant>();
        services.AddOptions<LlmOptions>().Bind(config.GetSection("Assistant:Llm"))
            .Validate(o => string.IsNullOrWhiteSpace(o.Endpoint) || Uri.TryCreate(o.Endpoint, UriKind.Absolute, out _), "Assistant:Llm:Endpoint must be an absolute URL.")
            .ValidateOnStart();
        services.AddSingleton<GroundedPhrasing>();
        return builder;
    }
}
