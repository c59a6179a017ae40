namespace PayDesk.Features.Training;

/// <summary>
/// The training clock's targets and the greeting/closing cues (section "Training"). Forbidden and required phrases are
/// Quality's lists (/quality/phrases), matched the way the automatic review matches them.
/// </summary>
internal sealed class TrainingOptions
{
    /// <summary>The first reply to the simulated customer is due within this many seconds (the chat channel's target).</summary>
    public int FirstResponseSeconds { get; set; } = 60;

    /// <summary>A solution is due within this many minutes of the start.</summary>
    public int ResolutionMinutes { get; set; } = 15;

    public string[] GreetingPhrases { get; set; } = ["您好", "你好", "hello", "good morning"];

    public string[] ClosingPhrases { get; set; } = ["还有其他", "还有什么", "祝您", "感谢您", "再见", "anything else", "thank you"];
}
