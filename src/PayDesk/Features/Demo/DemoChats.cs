using Bogus;
using PayDesk.Features.Channels.Chat;
using PayDesk.Features.Complaints;
using PayDesk.Features.Customers;
using PayDesk.Infrastructure.Security;
using PayDesk.Infrastructure.Data;

namespace PayDesk.Features.Demo;

/// <summary>
/// A dozen ended web chats (在线客服) of the demo month, so the chat screens, the interaction history and the automatic
/// quality review have real conversations to show: the assistant greets and hands over, an agent answers. Some are
/// about a demo complaint (the chat the complaint came from), some prove the customer's identity before the agent reads
/// out a transaction, one agent reads a balance before verifying, one uses a forbidden phrase, and one customer turns
/// angry half-way. A separate random seed keeps the rest of the demo exactly as it was.
/// </summary>
internal static class DemoChats
{
    private enum Who
    {
        Bot,
        System,
        Customer,
        Agent,
    }

    /// <param name="Verify">The index of the line before which the customer proves who they are (one-time code), or null.</param>
    /// <param name="Linked">Whether the chat is the start of one of the customer's demo complaints.</param>
    /// <param name="Lines">Who says what, and seconds after the previous line.</param>
    private sealed record Script(string Topic, bool Linked, int? Verify, (Who Who, string Text, int After)[] Lines);

    // {serial} becomes the complaint's transaction serial (or a made-up one); {amount} an amount.
    private static readonly Script[] Scripts =
    [
        new("重复扣款", Linked: true, Verify: 4,
        [
            (Who.Bot, "您好，我是 PayDesk 助手，请问有什么可以帮您？", 0),
            (Who.Customer, "你好，我昨天在超市买东西被扣了两次钱", 25),
            (Who.Bot, "涉及账户交易，正在为您转接人工客服，请稍候。", 4),
            (Who.Agent, "您好，我是客服，很抱歉给您带来不便。为了保护您的账户安全，需要先核实一下身份，已向您绑定的手机发送验证码，请在页面上填写。", 40),
            (Who.Customer, "好的，已经填了", 50),
            (Who.Agent, "感谢您的配合。查询到交易 {serial} 在同一分钟内扣款两次，第二笔属于重复扣款，已为您提交退款申请，款项预计 3 个工作日内退回原卡。", 70),
            (Who.Customer, "好的，谢谢", 30),
            (Who.Agent, "不客气，感谢您的耐心，稍后会有短信通知处理进度。", 15),
        ]),
        new("提现未到账", Linked: true, Verify: null,
        [
            (Who.Bot, "您好，我是 PayDesk 助手，请问有什么可以帮您？", 0),
            (Who.Customer, "提现两天了还没到银行卡", 30),
            (Who.Bot, "正在为您转接人工客服，请稍候。", 5),
            (Who.Agent, "您好，抱歉让您久等了。提现一般 1–2 个工作日到账，遇到银行系统维护会顺延，我已为您登记投诉并联系银行核实。", 55),
            (Who.Customer, "那大概什么时候能有结果？", 40),
            (Who.Agent, "我们会在两个工作日内答复您，有进展第一时间短信通知，感谢您的理解。", 35),
        ]),
        new("退款进度（情绪转差）", Linked: true, Verify: null,
        [
            (Who.Bot, "您好，我是 PayDesk 助手，请问有什么可以帮您？", 0),
            (Who.Customer, "你好，想问下我申请的退款什么时候能到", 20),
            (Who.Bot, "正在为您转接人工客服，请稍候。", 4),
            (Who.Agent, "您好，退款需要商户先确认，请您耐心等待。", 240),
            (Who.Customer, "我已经等了一个星期了，每次都说耐心等待", 45),
            (Who.Agent, "退款流程就是这样的，商户那边还没有处理。", 60),
            (Who.Customer, "什么破服务！！我要投诉你们，今天必须给我一个说法", 20),
            (Who.Agent, "非常抱歉给您带来不好的体验，我已将您的情况升级给专员处理，今天下班前会给您回电。", 50),
        ]),
        new("账户冻结", Linked: true, Verify: 2,
        [
            (Who.Bot, "您好，我是 PayDesk 助手，请问有什么可以帮您？", 0),
            (Who.Customer, "我的账户突然被冻结了，付不了款", 20),
            (Who.Bot, "正在为您转接人工客服，请稍候。", 4),
            (Who.Agent, "您好，感谢您的耐心。已确认是您本人登录，账户因异地登录触发风控被临时冻结，请在 App 中上传身份证正反面完成核验即可解冻。", 60),
            (Who.Customer, "上传完多久能解冻？", 40),
            (Who.Agent, "审核通常在 2 小时内完成，解冻后会短信通知您，给您带来不便很抱歉。", 30),
            (Who.Customer, "好的，谢谢", 20),
        ]),
        new("余额查询（未先核实）", Linked: false, Verify: 6,
        [
            (Who.Bot, "您好，我是 PayDesk 助手，请问有什么可以帮您？", 0),
            (Who.Customer, "帮我看下账户里还有多少钱", 15),
            (Who.Bot, "正在为您转接人工客服，请稍候。", 4),
            (Who.Agent, "您好，您的余额还有 {amount} 元。", 45),
            (Who.Customer, "好的，那最近一笔转账成功了吗", 30),
            (Who.Agent, "这个需要先核实一下您的身份，已向您绑定的手机发送验证码。", 40),
            (Who.Customer, "填好了", 60),
            (Who.Agent, "感谢您的配合，最近一笔转账 {serial} 已成功。", 30),
        ]),
        new("商户结算", Linked: false, Verify: null,
        [
            (Who.Bot, "您好，我是 PayDesk 助手，请问有什么可以帮您？", 0),
            (Who.Customer, "我是商户，想问一下结算周期是 T+1 还是 T+0", 25),
            (Who.Bot, "正在为您转接人工客服，请稍候。", 4),
            (Who.Agent, "您好，感谢您的咨询。标准商户默认 T+1 结算，节假日顺延；开通 D+0 需要在商户后台申请。", 50),
            (Who.Customer, "明白了，谢谢", 30),
        ]),
        new("修改绑定手机号", Linked: false, Verify: null,
        [
            (Who.Bot, "您好，我是 PayDesk 助手，请问有什么可以帮您？", 0),
            (Who.Customer, "手机号换了，怎么改绑定的手机", 20),
            (Who.Bot, "正在为您转接人工客服，请稍候。", 4),
            (Who.Agent, "您好，请在 App 的“账户安全”里选择“更换手机号”，按提示人脸识别后即可更换，感谢您的咨询。", 35),
            (Who.Customer, "旧手机号已经停用了，收不到验证码", 40),
            (Who.Agent, "没办法，只能这样操作。", 30),
            (Who.Customer, "那我怎么办？", 25),
            (Who.Agent, "抱歉刚才没说清楚，旧号停用时可以选择“旧手机号不可用”，通过人脸识别加身份证照片申请更换，一个工作日内审核。", 45),
        ]),
        new("交易失败", Linked: true, Verify: 4,
        [
            (Who.Bot, "您好，我是 PayDesk 助手，请问有什么可以帮您？", 0),
            (Who.Customer, "付款显示失败，但是银行卡扣钱了", 25),
            (Who.Bot, "正在为您转接人工客服，请稍候。", 5),
            (Who.Agent, "您好，很抱歉给您带来不便，请先完成手机验证码核实身份。", 45),
            (Who.Agent, "感谢配合。交易 {serial} 显示为失败，银行扣款会在 1–3 个工作日内自动退回，如未退回我们会为您跟进。", 60),
            (Who.Customer, "好的，那我再等等", 30),
        ]),
        new("一开始就很生气", Linked: true, Verify: null,
        [
            (Who.Bot, "您好，我是 PayDesk 助手，请问有什么可以帮您？", 0),
            (Who.Customer, "你们这个垃圾系统又扣我钱！！", 10),
            (Who.Bot, "非常抱歉，正在为您转接人工客服。", 3),
            (Who.Agent, "您好，非常理解您的心情，给您带来不便很抱歉。我这边马上为您核实，请问是哪一天的交易？", 30),
            (Who.Customer, "前天晚上，大概八点多", 35),
            (Who.Agent, "感谢您提供的信息，已为您登记并加急处理，两个工作日内给您答复。", 60),
            (Who.Customer, "好吧，麻烦尽快", 25),
        ]),
        new("手续费", Linked: false, Verify: null,
        [
            (Who.Bot, "您好，我是 PayDesk 助手，请问有什么可以帮您？", 0),
            (Who.Customer, "提现到银行卡要手续费吗", 15),
            (Who.Bot, "正在为您转接人工客服，请稍候。", 4),
            (Who.Agent, "您好，每月前 3 笔提现免费，之后每笔收取 0.1% 手续费，最低 1 元，感谢您的咨询。", 30),
        ]),
        new("退款到账确认", Linked: true, Verify: 2,
        [
            (Who.Bot, "您好，我是 PayDesk 助手，请问有什么可以帮您？", 0),
            (Who.Customer, "商家说已经退款了，我这边没看到", 20),
            (Who.Bot, "涉及账户交易，正在为您转接人工客服，请稍候。", 4),
            (Who.Agent, "您好，感谢您完成身份验证。退款 {serial} 已由商户发起，正在银行处理中，预计 5 个工作日内到账，抱歉让您久等。", 80),
            (Who.Customer, "好的，谢谢你", 30),
        ]),
        new("登录异常", Linked: false, Verify: null,
        [
            (Who.Bot, "您好，我是 PayDesk 助手，请问有什么可以帮您？", 0),
            (Who.Customer, "收到短信说我在外地登录了，但不是我", 20),
            (Who.Bot, "涉及账户安全，正在为您转接人工客服。", 3),
            (Who.Agent, "您好，请您立即在 App 中修改登录密码，我们已为您临时锁定支付功能，给您带来不便很抱歉，后续专员会联系您。", 40),
            (Who.Customer, "好的，我马上改，谢谢", 25),
        ]),
    ];

    public static int Count => Scripts.Length;

    /// <summary>Adds the chats to the unit of work (the caller saves); complaints just seeded (<paramref name="tickets"/>) are linked.</summary>
    /// <param name="agents">The front-desk agents first; a chat linked to a complaint is answered by the complaint's owner.</param>
    public static void Add(AppDbContext db, IReadOnlyList<AppUser> agents, IReadOnlyList<Customer> customers, IEnumerable<Ticket> tickets, DateTime now)
    {
        var faker = new Faker("zh_CN") { Random = new Randomizer(20261202) };
        // Finished complaints that came in by chat are the ones a chat is linked to (the chat they started in).
        var finished = tickets
            .Where(t => t.Status is TicketStatus.Resolved or TicketStatus.Closed && t.OwnerId is not null)
            .OrderBy(t => t.Channel == TicketChannel.Chat ? 0 : 1).ThenBy(t => t.CreatedAt).ToList();
        var byId = customers.ToDictionary(c => c.Id);
        var used = new HashSet<Guid>();
        for (var i = 0; i < Scripts.Length; i++)
        {
            var script = Scripts[i];
            var ticket = script.Linked ? finished.FirstOrDefault(t => !used.Contains(t.Id) && byId.ContainsKey(t.CustomerId)) : null;
            if (ticket is not null) used.Add(ticket.Id);
            var customer = ticket is not null ? byId[ticket.CustomerId] : customers[(i * 7 + 3) % customers.Count];
            var agent = ticket?.OwnerId is { } owner && agents.FirstOrDefault(a => a.Id == owner) is { } o ? o : agents[i % Math.Min(3, agents.Count)];
            // Opening hours in Beijing (09:00–18:00 is 01:00–10:00 UTC), spread over the month; a linked chat just before its complaint.
            var started = ticket?.CreatedAt.AddMinutes(-12)
                          ?? now.Date.AddDays(-(2 + i * 2)).AddHours(faker.Random.Int(1, 9)).AddMinutes(faker.Random.Int(0, 59));
            var serial = ticket?.TransactionId ?? $"T{started:yyyyMMdd}{faker.Random.ReplaceNumbers("########")}";
            var amount = Math.Round(faker.Random.Decimal(20m, 3000m), 2).ToString("0.00");

            var chat = new Conversation
            {
                Channel = TicketChannel.Chat, CustomerId = customer.Id, VisitorName = customer.Name, ContactMasked = customer.PhoneMasked,
                Status = ConversationStatus.Ended, AgentId = agent.Id, AgentName = agent.DisplayName, TicketId = ticket?.Id, StartedAt = started,
                PageUrl = "/help",
            };
            var at = started;
            for (var n = 0; n < script.Lines.Length; n++)
            {
                var (who, text, after) = script.Lines[n];
                at = at.AddSeconds(after);
                if (script.Verify == n)
                {
                    chat.VerifiedAt = at.AddSeconds(-5);
                    chat.VerifiedBy = customer.Email?.EndsWith("@paydesk.local", StringComparison.Ordinal) == true ? "session" : "sms_code";
                }
                if (who == Who.Agent && chat.AcceptedAt is null) chat.AcceptedAt = at.AddSeconds(-10);
                db.ChatMessages.Add(new ChatMessage
                {
                    ConversationId = chat.Id, ClientMessageId = $"demo-{i:D2}-{n:D2}", FromCustomer = who == Who.Customer, FromBot = who == Who.Bot,
                    FromSystem = who == Who.System,
                    SenderName = who switch
                    {
                        Who.Bot => Assistant.AssistantBrain.BotName,
                        Who.System => "PayDesk",
                        Who.Customer => customer.Name,
                        Who.Agent => agent.DisplayName,
                        _ => throw new ArgumentOutOfRangeException(nameof(who)),
                    },
                    Body = text.Replace("{serial}", serial).Replace("{amount}", amount), CreatedAt = at,
                });
            }
            chat.LastMessageAt = at;
            chat.EndedAt = at.AddMinutes(2);
            db.Conversations.Add(chat);
        }
    }
}
