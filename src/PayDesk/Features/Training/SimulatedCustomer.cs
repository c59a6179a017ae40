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
    /// <summary>The reply to a trainee's message, in English when <paramref name="english"/> (see <see cref="CustomerLanguage"/>), else in Chinese.</summary>
    public CustomerReply Reply(string traineeText, CustomerState state, bool english = false) =>
        ReplyTo(TraineeQuestions.Shared.Read(traineeText), state, english);

    public CustomerReply ReplyTo(string topic, CustomerState state, bool english = false)
    {
        string T(string zh, string en) => english ? en : zh;
        switch (topic)
        {
            case TrainingTopics.CardNumber or TrainingTopics.IdNumber:
                if (!state.Verified)
                {
                    return new(topic == TrainingTopics.CardNumber
                        ? T("请先核实我的身份，卡号这种信息我不能随便告诉你。", "Please verify my identity first. I won't give my card number to just anyone.")
                        : T("请先核实我的身份，身份证号我不会随便说的。", "Please verify my identity first. I won't just tell you my ID number."), topic, null, Refused: true);
                }
                var secret = script.Secrets.FirstOrDefault(s => s.Topic == topic);
                return secret is null
                    ? new(T("这个我手边没有，你们系统里查不到吗？", "I don't have that to hand. Can't you find it in your system?"), topic, null, false)
                    : new((topic == TrainingTopics.CardNumber ? T("卡号是 ", "The card number is ") : T("身份证号是 ", "My ID number is "))
                        + MaskSecret(topic, secret.Value) + T("。", "."), topic, topic, false);
            case TrainingTopics.Code:
                return state.SentCode is { } code
                    ? new(T($"收到了，验证码是 {code}。", $"Got it, the code is {code}."), topic, null, false)
                    : new(T("我没收到什么验证码啊，你们发了吗？", "I haven't received any code. Did you send one?"), topic, null, false);
            case TrainingTopics.Greeting:
                return new(Mood(T("你好。", "Hello."), T("你好，我这边挺着急的。", "Hello, I'm quite worried about this."),
                    T("你好，你们到底能不能处理？", "Hello. Can you actually sort this out or not?")) + " " + Opening(english), topic, null, false);
            case TrainingTopics.Empathy:
                return new(Mood(T("好的，谢谢。", "OK, thank you."), T("嗯，希望能快点解决。", "Well, I hope it gets fixed soon."),
                    T("道歉有什么用，我要的是解决问题。", "Sorry doesn't help. I want this fixed.")), topic, null, false);
            case TrainingTopics.Closing:
                return new(Mood(T("好的，没有别的了，谢谢。", "No, that's all, thank you."), T("好的，那我等你们消息，谢谢。", "OK, I'll wait to hear from you. Thanks."),
                    T("行吧，希望这次真的能解决。", "Fine. I hope it's really sorted this time.")), topic, null, false);
        }
        var fact = script.Facts.FirstOrDefault(f => f.Topic == topic);
        if (fact is not null) return new(fact.Say(english), topic, topic, false);
        if (TrainingTopics.Facts.Contains(topic)) return new(T("这个我不太清楚。", "I'm not sure about that."), topic, null, false);
        // Not understood: the customer volunteers the next thing they would tell anyone, or repeats what they want.
        var volunteer = script.Facts.FirstOrDefault(f => !f.AskOnly && !state.Revealed.Contains(f.Topic));
        if (volunteer is not null) return new(Mood("", "", T("我再说一遍！", "I'll say it again! ")) + volunteer.Say(english), topic, volunteer.Topic, false);
        var expectation = script.Facts.FirstOrDefault(f => f.Topic == TrainingTopics.Expectation);
        return new(Mood(T("嗯，", "Well, "), T("那", "So, "), T("你说这些没用，", "That doesn't help. "))
            + (expectation?.Say(english) ?? T("我就想知道这事怎么解决。", "I just want to know how this gets solved.")), topic, null, false);
    }

    /// <summary>The customer's opening, in English when the scenario has one.</summary>
    public string Opening(bool english) => english && !string.IsNullOrWhiteSpace(script.OpeningMessageEn) ? script.OpeningMessageEn : scenario.OpeningMessage;

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

/// <summary>
/// Which language the simulated customer answers in: the trainee's own words decide when they are clearly Chinese (any
/// Han character) or English (Latin letters, no Han); otherwise (a bare code, digits) the UI's language does. Chinese
/// is the default.
/// </summary>
internal static class CustomerLanguage
{
    public static bool IsEnglish(string? traineeText, System.Globalization.CultureInfo ui)
    {
        var text = traineeText ?? "";
        if (text.Any(IsHan)) return false;
        if (text.Any(char.IsAsciiLetter)) return true;
        return IsEnglishUi(ui);
    }

    public static bool IsEnglishUi(System.Globalization.CultureInfo ui) => ui.TwoLetterISOLanguageName == "en";

    private static bool IsHan(char c) => c is >= '\u4e00' and <= '\u9fff' or >= '\u3400' and <= '\u4dbf';
}
