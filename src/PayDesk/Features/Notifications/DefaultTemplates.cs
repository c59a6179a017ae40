namespace PayDesk.Features.Notifications;

/// <summary>Built-in message texts (zh-CN and en). Admins override them per key, language and channel.</summary>
internal static class DefaultTemplates
{
    public const string Acknowledged = "acknowledged";
    public const string Progress = "progress";
    public const string SolutionProposed = "solution_proposed";
    public const string Closed = "closed";
    public const string VerificationCode = "verification_code";
    public const string Survey = "survey";
    public const string Nps = "nps";
    public const string FollowUp = "follow_up";

    /// <summary>An announcement pushed to a customer segment (Features/Announcements); not in <see cref="Keys"/>: not edited per template.</summary>
    public const string Announcement = "announcement";

    /// <summary>An incident update sent to every linked customer once (incidents' bulk answer).</summary>
    public const string IncidentUpdate = "incident_update";

    public static readonly string[] Keys = [Acknowledged, Progress, SolutionProposed, Closed, VerificationCode, Survey, Nps, FollowUp, IncidentUpdate];

    private static readonly Dictionary<(string Key, string Locale), (string Subject, string Body)> Texts = new()
    {
        [(Acknowledged, "zh-CN")] = ("您的投诉已受理：{ticketNumber}",
            "【PayDesk】{customerName}您好，您的投诉（{ticketNumber}：{subject}）已受理，我们将在 24 小时内给您初步答复。"),
        [(Acknowledged, "en")] = ("We have your complaint: {ticketNumber}",
            "[PayDesk] Dear {customerName}, we have received your complaint ({ticketNumber}: {subject}) and will answer within 24 hours."),
        [(Progress, "zh-CN")] = ("投诉处理进展：{ticketNumber}",
            "【PayDesk】{customerName}您好，您的投诉 {ticketNumber} 有新进展：{reason}"),
        [(Progress, "en")] = ("Progress on {ticketNumber}",
            "[PayDesk] Dear {customerName}, there is progress on {ticketNumber}: {reason}"),
        [(SolutionProposed, "zh-CN")] = ("请确认解决方案：{ticketNumber}",
            "【PayDesk】{customerName}您好，针对投诉 {ticketNumber}，我们的解决方案是：{reason}。请点击确认或提出异议：{confirmUrl}"),
        [(SolutionProposed, "en")] = ("Please confirm the solution: {ticketNumber}",
            "[PayDesk] Dear {customerName}, our solution for {ticketNumber}: {reason}. Accept or reject it here: {confirmUrl}"),
        [(Closed, "zh-CN")] = ("投诉已办结：{ticketNumber}",
            "【PayDesk】{customerName}您好，您的投诉 {ticketNumber} 已办结。感谢您的耐心，如仍有问题可在 14 天内重新打开。"),
        [(Closed, "en")] = ("Complaint closed: {ticketNumber}",
            "[PayDesk] Dear {customerName}, complaint {ticketNumber} is closed. If the problem remains you can reopen it within 14 days."),
        [(Survey, "zh-CN")] = ("请评价我们的服务：{ticketNumber}",
            "【PayDesk】{customerName}您好，您的问题已处理完毕。请花一分钟评价本次服务（链接 14 天内有效，仅可提交一次）：{surveyUrl}"),
        [(Survey, "en")] = ("How did we do? {ticketNumber}",
            "[PayDesk] Dear {customerName}, we have finished with your request. Please rate our service (the link works once, for 14 days): {surveyUrl}"),
        [(Nps, "zh-CN")] = ("您会向朋友推荐 PayDesk 吗？",
            "【PayDesk】{customerName}您好，您有多大可能向朋友或同事推荐我们？请用 0–10 分告诉我们：{surveyUrl}"),
        [(Nps, "en")] = ("Would you recommend us?",
            "[PayDesk] Dear {customerName}, how likely are you to recommend us to a friend or colleague? Tell us on a scale of 0–10: {surveyUrl}"),
        [(FollowUp, "zh-CN")] = ("回访：{ticketNumber}",
            "【PayDesk】{customerName}您好，您的投诉 {ticketNumber}（{subject}）已处理完毕。请问问题是否已彻底解决、您是否满意？如问题仍存在，请直接回复本消息或致电客服，我们会继续为您处理。"),
        [(FollowUp, "en")] = ("Following up on {ticketNumber}",
            "[PayDesk] Dear {customerName}, we resolved your complaint {ticketNumber} ({subject}). Is the problem still solved, and are you satisfied? If it has come back, reply to this message or call us and we will pick it up again."),
        [(Announcement, "zh-CN")] = ("{title}", "【PayDesk】{customerName}您好，{title}：{body}"),
        [(Announcement, "en")] = ("{title}", "[PayDesk] Dear {customerName}, {title}: {body}"),
        [(IncidentUpdate, "zh-CN")] = ("服务故障处理进展：{subject}",
            "【PayDesk】{customerName}您好，关于您反映的问题（{ticketNumber}）：{reason}"),
        [(IncidentUpdate, "en")] = ("Service incident update: {subject}",
            "[PayDesk] Dear {customerName}, about the problem you reported ({ticketNumber}): {reason}"),
        [(VerificationCode, "zh-CN")] = ("PayDesk 验证码",
            // One code serves the customer's own sign-in and the agent's check on a call: it said "请勿泄露验证码" while the agent asked
            // for it. It now says when telling it is right — on a call the customer made — and that any other asker is not us.
            "【PayDesk】验证码 {code}，5 分钟内有效，用于核实您的身份。只在您本人登录，或您主动致电客服、客服请您报出时使用；其他任何人索要都不要告诉对方。"),
        [(VerificationCode, "en")] = ("PayDesk verification code",
            "[PayDesk] Your code is {code}, valid for 5 minutes, to confirm it is you. Use it only to sign in yourself, or tell it to our agent on a call you made to us; never give it to anyone else."),
    };

    public static (string Subject, string Body) For(string key, string locale) =>
        Texts.TryGetValue((key, locale), out var text) ? text : Texts[(key, "zh-CN")];

    public static bool Exists(string key) => Keys.Contains(key);
}
