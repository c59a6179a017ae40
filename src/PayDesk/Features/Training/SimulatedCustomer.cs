using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Training;

/// <summary>Where a session stands, as the simulated customer sees it.</summary>
/// <param name="Revealed">Fact topics the customer has told already (asked or volunteered).</param>
internal sealed record CustomerState(bool Verified, string? SentCode, IReadOnlySet<string> Revealed);

/// <summary>The customer's reply and what it gave away.</summary>
/// <param name="Topic">What the trainee's message was read as.</param>
/// <param name="Revealed">The fact or secret topic this reply told, if any.</param>
/// <param name="Refused">The customer refused a personal number because the trainee had not verified them.</param>
internal sealed record CustomerReply(string Text, string Topic, string? Revealed, bool Refused);

/// <summary>
/// PayDesk playing the customer, offline and deterministic (the scripted branches): it answers from the scenario's
/// facts, tells ask-only facts only when asked about them, refuses card and ID numbers until the trainee verified
/// them (请先核实身份), reads out the sandbox SMS code once one was sent, and otherwise restates what it came for in
/// its mood. The optional generative model may re-phrase the reply afterwards (<see cref="CustomerVoice"/>), never decide it.
/// </summary>
internal sealed class SimulatedCustomer(TrainingScenario scenario, ScenarioScript script)
{
    public CustomerReply Reply(string traineeText, CustomerState state) => ReplyTo(TraineeQuestions.Shared.Read(traineeText), state);

    public CustomerReply ReplyTo(string topic, CustomerState state)
    {
        switch (topic)
        {
            case TrainingTopics.CardNumber or TrainingTopics.IdNumber:
                if (!state.Verified)
                {
                    return new(topic == TrainingTopics.CardNumber
                        ? "请先核实我的身份，卡号这种信息我不能随便告诉你。"
                        : "请先核实我的身份，身份证号我不会随便说的。", topic, null, Refused: true);
                }
                var secret = script.Secrets.FirstOrDefault(s => s.Topic == topic);
                return secret is null
                    ? new("这个我手边没有，你们系统里查不到吗？", topic, null, false)
                    : new((topic == TrainingTopics.CardNumber ? "卡号是 " : "身份证号是 ") + MaskSecret(topic, secret.Value) + "。", topic, topic, false);
            case TrainingTopics.Code:
                return state.SentCode is { } code
                    ? new($"收到了，验证码是 {code}。", topic, null, false)
                    : new("我没收到什么验证码啊，你们发了吗？", topic, null, false);
            case TrainingTopics.Greeting:
                return new(Mood("你好。", "你好，我这边挺着急的。", "你好，你们到底能不能处理？") + " " + scenario.OpeningMessage, topic, null, false);
            case TrainingTopics.Empathy:
                return new(Mood("好的，谢谢。", "嗯，希望能快点解决。", "道歉有什么用，我要的是解决问题。"), topic, null, false);
            case TrainingTopics.Closing:
                return new(Mood("好的，没有别的了，谢谢。", "好的，那我等你们消息，谢谢。", "行吧，希望这次真的能解决。"), topic, null, false);
        }
        var fact = script.Facts.FirstOrDefault(f => f.Topic == topic);
        if (fact is not null) return new(fact.Answer, topic, topic, false);
        if (TrainingTopics.Facts.Contains(topic)) return new("这个我不太清楚。", topic, null, false);
        // Not understood: the customer volunteers the next thing they would tell anyone, or repeats what they want.
        var volunteer = script.Facts.FirstOrDefault(f => !f.AskOnly && !state.Revealed.Contains(f.Topic));
        if (volunteer is not null) return new(Mood("", "", "我再说一遍！") + volunteer.Answer, topic, volunteer.Topic, false);
        var expectation = script.Facts.FirstOrDefault(f => f.Topic == TrainingTopics.Expectation);
        return new(Mood("嗯，", "那", "你说这些没用，") + (expectation?.Answer ?? "我就想知道这事怎么解决。"), topic, null, false);
    }

    private string Mood(string calm, string anxious, string angry) => scenario.Mood switch
    {
        CustomerMood.Calm => calm,
        CustomerMood.Anxious => anxious,
        CustomerMood.Angry => angry,
    };

    /// <summary>The trainee hears enough to match a ledger entry (the last four), never the whole number.</summary>
    public static string MaskSecret(string topic, string value) =>
        PersonalData.Mask(topic == TrainingTopics.IdNumber ? PersonalDataKind.IdNumber : PersonalDataKind.CardNumber, value);
}
