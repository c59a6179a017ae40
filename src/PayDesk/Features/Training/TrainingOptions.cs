namespace PayDesk.Features.Training;

/// <summary>The training clock's targets and the phrase lists the automatic items use (section "Training").</summary>
internal sealed class TrainingOptions
{
    /// <summary>The first reply to the simulated customer is due within this many seconds (the chat channel's target).</summary>
    public int FirstResponseSeconds { get; set; } = 60;

    /// <summary>A solution is due within this many minutes of the start.</summary>
    public int ResolutionMinutes { get; set; } = 15;

    /// <summary>Phrases an agent must never say (服务禁语); matched as substrings, so Chinese needs no word breaks.</summary>
    public string[] ForbiddenPhrases { get; set; } =
        ["不归我们管", "我也没办法", "你自己去问银行", "我也不知道", "不清楚，你", "这是你自己的问题", "爱找谁找谁", "别催了", "你听不懂吗", "没办法"];

    public string[] GreetingPhrases { get; set; } = ["您好", "你好", "hello", "good morning"];

    public string[] ClosingPhrases { get; set; } = ["还有其他", "还有什么", "祝您", "感谢您", "再见", "anything else", "thank you"];
}
