using PayDesk.Features.Assistant;

namespace PayDesk.Features.Training;

/// <summary>The topics a scenario's facts and secrets are filed under, and the trainee's other moves the customer reacts to.</summary>
public static class TrainingTopics
{
    public const string Amount = "amount";
    public const string Time = "time";
    public const string Merchant = "merchant";
    public const string Bank = "bank";
    public const string CalledBank = "called_bank";
    public const string Serial = "serial";
    public const string WhatHappened = "what_happened";
    public const string AccountState = "account_state";
    public const string Expectation = "expectation";
    public const string CardNumber = "card_number";
    public const string IdNumber = "id_number";
    public const string Code = "code";

    // Moves that are not questions about a fact.
    public const string Greeting = "greeting";
    public const string Empathy = "empathy";
    public const string Closing = "closing";
    public const string Other = "other";

    /// <summary>Topics a fact may be filed under.</summary>
    public static readonly string[] Facts = [Amount, Time, Merchant, Bank, CalledBank, Serial, WhatHappened, AccountState, Expectation];

    /// <summary>Topics only a verified trainee is told (身份核实后才能提供).</summary>
    public static readonly string[] Secrets = [CardNumber, IdNumber];
}

/// <summary>
/// What the trainee's message asks or does, read with the assistant's text model: TF-IDF features (jieba words,
/// character n-grams) and the calibrated linear classifier, trained once per process on the examples below.
/// Scripted keyword branches come first for the questions that must never be missed — a request for the card or ID
/// number is always recognised, so the customer always refuses it before verification.
/// </summary>
internal sealed class TraineeQuestions
{
    private static readonly Lazy<IntentModel> Model = new(() =>
    {
        var examples = Examples();
        return TrainedModelCache.GetOrTrain("trainee-questions", TrainedModelCache.Digest(examples),
            () => IntentModel.Train(examples), (m, w) => m.Write(w), IntentModel.Read);
    }, LazyThreadSafetyMode.ExecutionAndPublication);

    public static TraineeQuestions Shared { get; } = new();

    /// <summary>The model's confidence below which the keyword branches decide, and below which "other" is read.</summary>
    private const double Sure = 0.55, Floor = 0.3;

    private static readonly (string Topic, string[] Words)[] Keywords =
    [
        (TrainingTopics.CardNumber, ["卡号", "银行卡号", "card number", "card no"]),
        (TrainingTopics.IdNumber, ["身份证", "证件号", "id number", "id card"]),
        (TrainingTopics.Code, ["验证码", "短信码", "code"]),
        (TrainingTopics.CalledBank, ["联系过银行", "联系银行了", "打过银行", "问过银行", "银行客服", "called the bank", "contacted the bank"]),
        (TrainingTopics.Serial, ["流水号", "交易号", "订单号", "serial", "order number"]),
        (TrainingTopics.Amount, ["多少钱", "金额", "多少元", "扣了多少", "how much", "amount"]),
        (TrainingTopics.Time, ["什么时候", "几点", "哪天", "时间", "when"]),
        (TrainingTopics.Merchant, ["商户", "商家", "在哪买", "哪家店", "merchant", "shop"]),
        (TrainingTopics.Bank, ["哪个银行", "哪家银行", "什么银行", "which bank"]),
        (TrainingTopics.AccountState, ["冻结", "账户状态", "能不能用", "frozen", "account status"]),
        (TrainingTopics.Expectation, ["希望", "诉求", "想要怎么", "怎么处理您", "what would you like", "expect"]),
        (TrainingTopics.WhatHappened, ["什么问题", "怎么回事", "具体情况", "发生了什么", "what happened"]),
        (TrainingTopics.Closing, ["还有其他", "还有什么可以", "感谢您的耐心", "祝您", "再见", "anything else", "goodbye"]),
        (TrainingTopics.Empathy, ["理解您", "抱歉", "对不起", "给您带来", "sorry", "understand"]),
        (TrainingTopics.Greeting, ["您好", "你好", "hello", "hi "]),
    ];

    public static void WarmUp() => _ = Task.Run(() => Model.Value);

    /// <summary>The topic or move of a trainee message.</summary>
    public string Read(string text)
    {
        var lower = " " + text.ToLowerInvariant() + " ";
        var keyword = Keywords.FirstOrDefault(k => k.Words.Any(lower.Contains)).Topic;
        // Requests for personal numbers are never left to a model's guess.
        if (keyword is TrainingTopics.CardNumber or TrainingTopics.IdNumber) return keyword;
        var (label, confidence) = Model.Value.Classify(text);
        if (confidence >= Sure) return label;
        if (keyword is not null) return keyword;
        return confidence >= Floor ? label : TrainingTopics.Other;
    }

    private static List<LabelledText> Examples()
    {
        var examples = new List<LabelledText>();
        void Add(string label, params string[] texts) => examples.AddRange(texts.Select(t => new LabelledText(t, label)));
        Add(TrainingTopics.Amount, "请问扣了多少钱", "金额是多少", "每笔扣款多少", "您被扣了多少", "具体金额是多少呢", "一共多扣了多少",
            "How much were you charged?", "What was the amount?", "扣款金额能告诉我吗", "多扣的钱是多少");
        Add(TrainingTopics.Time, "什么时候付的款", "扣款是哪天", "大概几点支付的", "交易时间是什么时候", "您是哪天发现的", "什么时间被扣的",
            "When did you pay?", "What time was the payment?", "付款日期是哪天", "是今天扣的吗");
        Add(TrainingTopics.Merchant, "在哪个商户消费的", "是哪家商家", "您在哪里买的东西", "收款方是谁", "付给了哪个商户", "在什么店付的",
            "Which merchant was it?", "Where did you buy it?", "商户名称是什么", "是在网上哪个平台买的");
        Add(TrainingTopics.Bank, "您用的是哪个银行的卡", "扣的是哪家银行的钱", "绑定的是什么银行", "哪个银行扣的款", "付款银行是哪个",
            "Which bank is the card from?", "Which bank debited you?", "是储蓄卡还是信用卡，哪个行的");
        Add(TrainingTopics.CalledBank, "您联系过银行了吗", "银行那边怎么说", "有没有问过发卡行", "您给银行打过电话吗", "银行客服说了什么",
            "Have you called the bank?", "Did you contact your bank?", "发卡行那边有回复吗");
        Add(TrainingTopics.Serial, "有交易流水号吗", "能提供一下订单号吗", "交易单号是多少", "支付凭证上的编号是什么", "流水号方便告诉我吗",
            "Do you have the transaction serial?", "What is the order number?");
        Add(TrainingTopics.WhatHappened, "请问遇到了什么问题", "具体是什么情况", "您能详细说一下吗", "发生了什么事", "请描述一下问题",
            "What happened?", "Can you tell me more?", "请说说经过");
        Add(TrainingTopics.AccountState, "账户现在能用吗", "账户是什么时候被冻结的", "现在还能付款吗", "收到冻结通知了吗", "账户显示什么状态",
            "Is your account frozen?", "Can you still use the account?");
        Add(TrainingTopics.Expectation, "您希望怎么处理", "您的诉求是什么", "您想要退款还是", "希望我们怎么帮您", "您期望的结果是什么",
            "What would you like us to do?", "What outcome do you expect?");
        Add(TrainingTopics.CardNumber, "请提供一下银行卡号", "把卡号告诉我", "您的卡号是多少", "能报一下完整卡号吗", "What is your card number?");
        Add(TrainingTopics.IdNumber, "请提供身份证号", "您的身份证号码是多少", "报一下证件号码", "What is your ID number?");
        Add(TrainingTopics.Code, "请告诉我验证码", "您收到的验证码是多少", "短信里的数字是多少", "What is the code you received?");
        Add(TrainingTopics.Greeting, "您好，我是客服小王", "你好，请问有什么可以帮您", "您好，很高兴为您服务", "您好，这里是PayDesk客服",
            "Hello, how can I help you?", "Hi, this is customer service");
        Add(TrainingTopics.Empathy, "非常理解您的心情", "给您带来不便非常抱歉", "很抱歉让您着急了", "我能理解，这确实让人着急", "对不起，我们马上处理",
            "I understand how frustrating this is", "Sorry for the trouble");
        Add(TrainingTopics.Closing, "请问还有其他可以帮您的吗", "感谢您的耐心，祝您生活愉快", "那就不打扰您了，再见", "还有什么需要帮忙的吗",
            "Is there anything else I can help with?", "Thank you, goodbye");
        Add(TrainingTopics.Other, "好的", "嗯", "我看一下", "请稍等", "明白了", "收到", "OK", "One moment please", "我帮您记录一下", "稍等片刻");
        return examples;
    }
}
