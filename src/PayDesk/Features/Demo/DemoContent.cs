using PayDesk.Features.Complaints;

namespace PayDesk.Features.Demo;

/// <summary>Complaints as payment customers really write them, by category, for the demo data.</summary>
internal static class DemoContent
{
    internal sealed record Template(string Subject, string Description, string Reply, bool HasAmount, bool HasTransaction);

    public static readonly IReadOnlyDictionary<TicketCategory, Template[]> ByCategory = new Dictionary<TicketCategory, Template[]>
    {
        [TicketCategory.Funds] =
        [
            new("重复扣款", "我在{merchant}买东西只付了一次，但是银行卡被扣了两次，每次 {amount} 元，请尽快把多扣的钱退回来。", "您好，我们已核实到该订单存在两笔扣款，其中一笔为重复扣款，已提交退回申请，预计 1–3 个工作日原路退回。", true, true),
            new("转账未到账", "昨天下午给朋友转账 {amount} 元，显示成功但对方一直没有收到，流水号见附件。", "您好，经查询该笔转账在银行处理中，我们已联系银行加急处理，到账后会短信通知您。", true, true),
            new("扣款金额与订单不符", "订单金额是 {amount} 元，实际扣了更多，不知道多出来的是什么费用。", "您好，多出的部分为商户收取的配送费，我们已联系商户提供明细，稍后发给您。", true, true),
        ],
        [TicketCategory.TransactionFailure] =
        [
            new("支付失败但钱被扣了", "在{merchant}付款时提示支付失败，但是余额少了 {amount} 元，订单也没有生成。", "您好，该笔交易因银行超时未完成，扣款将在 24 小时内自动冲正退回，请留意账户余额。", true, true),
            new("付款一直提示系统繁忙", "今天中午开始付款一直提示系统繁忙，换了几张卡都不行。", "您好，今天 12:10–12:40 某银行通道出现故障，现已恢复，请您重新尝试支付。", false, false),
        ],
        [TicketCategory.AccountFrozen] =
        [
            new("账户被冻结无法使用", "今天登录发现账户被冻结了，余额里还有钱，我没有做任何违规操作，请问怎么解冻？", "您好，您的账户因异地登录触发风控被临时冻结，完成身份核实后即可解冻，请按短信链接上传证件。", false, false),
            new("商户结算账户异常", "我们店的结算账户显示异常，这两天的营业款都没有结算，影响经营。", "您好，您的结算账户因资料过期被暂停结算，请在商户后台更新营业执照后我们将优先处理。", false, false),
        ],
        [TicketCategory.AccountSecurity] =
        [
            new("账户被盗刷", "凌晨收到短信说有一笔 {amount} 元的消费，不是我本人操作的，怀疑账户被盗。", "您好，已为您紧急冻结账户并提交盗刷调查，请尽快修改登录密码，调查结果将在 2 个工作日内告知。", true, true),
            new("收不到验证码", "换了新手机以后一直收不到短信验证码，没法登录也没法付款。", "您好，请确认手机未开启短信拦截；我们已为您重新发送验证码，如仍收不到可改用语音验证码。", false, false),
            new("忘记支付密码", "支付密码输错太多次被锁定了，要怎么重置？", "您好，您可在 APP「我的-安全中心-找回支付密码」通过人脸识别重置，锁定将在 3 小时后自动解除。", false, false),
        ],
        [TicketCategory.Refund] =
        [
            new("退款迟迟未到账", "商家说已经退款 {amount} 元，已经过去一周了还没有到账。", "您好，该笔退款已于商户侧发起，银行处理需 3–7 个工作日，我们已催办，请耐心等待。", true, true),
            new("申请退款被拒绝", "商品有质量问题申请退款被商家拒绝了，支付了 {amount} 元，希望平台介入。", "您好，我们已受理您的争议申请，将联系商户核实情况，3 个工作日内给您答复。", true, true),
        ],
        [TicketCategory.ServiceDelay] =
        [
            new("客服电话一直打不通", "打了一上午客服热线都在排队，问题一直没人处理。", "非常抱歉给您带来不便，今天上午来电量激增，我们已安排专人回电处理您的问题。", false, false),
            new("投诉三天没有回复", "上周提交的投诉到现在都没有人联系我。", "非常抱歉回复延迟，您的投诉已升级处理，负责人会在今天内联系您。", false, false),
        ],
        [TicketCategory.Consultation] =
        [
            new("提现手续费怎么算", "想问一下余额提现到银行卡的手续费是多少，有没有免费额度？", "您好，每月前 2 万元提现免费，超出部分按 0.1% 收取手续费，最低 0.1 元。", false, false),
            new("单笔支付限额", "付款时提示超出限额，请问单笔和每日限额是多少？", "您好，完成实名认证的账户单笔限额 5 万元、每日 20 万元，可在安全中心调整。", false, false),
            new("怎么绑定银行卡", "新办的银行卡要怎么绑定到账户上？", "您好，请在 APP「我的-银行卡-添加银行卡」输入卡号并完成短信验证即可。", false, false),
        ],
        [TicketCategory.Other] =
        [
            new("发票开具问题", "在平台缴费后需要开具发票，找不到入口。", "您好，您可在订单详情页点击「申请发票」，电子发票将发送到您的邮箱。", false, false),
        ],
    };

    /// <summary>The usual root cause and resolution of each category, for closed demo complaints.</summary>
    public static readonly IReadOnlyDictionary<TicketCategory, (Complaints.RootCause, Complaints.ResolutionCode)> Closing =
        new Dictionary<TicketCategory, (Complaints.RootCause, Complaints.ResolutionCode)>
        {
            [TicketCategory.Funds] = (Complaints.RootCause.BankDelay, Complaints.ResolutionCode.Refunded),
            [TicketCategory.TransactionFailure] = (Complaints.RootCause.ChannelOutage, Complaints.ResolutionCode.RetryGuided),
            [TicketCategory.AccountFrozen] = (Complaints.RootCause.RiskControl, Complaints.ResolutionCode.Unfrozen),
            [TicketCategory.AccountSecurity] = (Complaints.RootCause.Fraud, Complaints.ResolutionCode.Adjusted),
            [TicketCategory.Refund] = (Complaints.RootCause.MerchantError, Complaints.ResolutionCode.Refunded),
            [TicketCategory.ServiceDelay] = (Complaints.RootCause.SystemFault, Complaints.ResolutionCode.Explained),
            [TicketCategory.Consultation] = (Complaints.RootCause.PolicyQuestion, Complaints.ResolutionCode.Explained),
            [TicketCategory.Other] = (Complaints.RootCause.Other, Complaints.ResolutionCode.Explained),
        };

    public static readonly string[] Merchants = ["美团外卖", "京东商城", "滴滴出行", "便利蜂", "星巴克", "携程旅行", "中国移动营业厅", "盒马鲜生"];

    public static readonly string[] Banks = ["中国工商银行", "中国建设银行", "中国农业银行", "招商银行", "中国银行", "交通银行"];

    public static readonly string[] CardPrefixes = ["622202", "621700", "622848", "621483", "621661", "622262"];

    public static readonly string[] RegionCodes = ["110101", "310101", "440305", "330106", "510104", "420102", "320102"];

    public static readonly string[] Teams = ["front_desk", "consultants", "technical_support", "back_office"];

    public static readonly string[] FollowUps =
    [
        "请问现在处理到哪一步了？",
        "好的，谢谢，我再等等看。",
        "已经过了约定时间还没有到账，麻烦再帮我查一下。",
    ];

    /// <summary>What an owner tells a customer while a bank or merchant still has the case (at least every 48 hours).</summary>
    public static readonly string[] ProgressUpdates =
    [
        "您好，我们今天再次催办了银行，银行答复仍在核查中，有结果会第一时间告知您。",
        "您好，商户已回复正在对账，我们会继续跟进，预计 1–2 个工作日内给您答复。",
    ];

    public static readonly string[] InternalNotes =
    [
        "已在后台查询交易日志，银行侧状态为处理中。",
        "客户情绪较急，请优先跟进。",
        "已联系商户对账，等待回复。",
    ];
}
