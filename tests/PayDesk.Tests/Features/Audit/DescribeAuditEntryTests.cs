using System.Globalization;
using Microsoft.Extensions.Localization;
using PayDesk.Features.Audit;

namespace PayDesk.Tests.Features.Audit;

/// <summary>Every kind of entry the audit log holds reads as a sentence, in Chinese and in English, with names instead of codes.</summary>
public sealed class DescribeAuditEntryTests
{
    private static readonly IStringLocalizer<SharedResource> L = PayDesk.Tests.Infrastructure.Localizers.Shared;

    private static readonly Guid Owner = Guid.NewGuid();
    private static readonly Dictionary<Guid, string> People = new() { [Owner] = "李强" };

    private static (string Zh, string En) Say(string type, string action, string changes, string? target)
    {
        var facts = new AuditFacts("王芳", type, action, changes, target, People);
        var previous = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
            var zh = DescribeAuditEntry.Describe(facts, L);
            CultureInfo.CurrentUICulture = new CultureInfo("en");
            var en = DescribeAuditEntry.Describe(facts, L);
            return (zh, en);
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    [Fact]
    public void A_status_change_names_both_statuses_and_the_complaint()
    {
        var (zh, en) = Say("Ticket", "updated", """{"status":{"from":"in_progress","to":"awaiting_customer"},"updatedAt":{"from":"2026-01-01T00:00:00Z","to":"2026-01-02T00:00:00Z"}}""", "TK-20260102-0001");
        Assert.Equal("王芳 将投诉 TK-20260102-0001 的状态由「处理中」改为「待客户回复」", zh);
        Assert.Equal("王芳 changed status from In progress to Awaiting customer on TK-20260102-0001", en);
    }

    [Fact]
    public void An_owner_change_names_the_people_and_counts_fields_without_a_name()
    {
        var (zh, en) = Say("Ticket", "updated", $$$"""{"ownerId":{"from":null,"to":"{{{Owner}}}"},"team":{"from":"front_desk","to":"back_office"},"missingFacts":{"from":"a","to":"b"},"newField":{"from":1,"to":2}}""", "TK-1");
        Assert.Contains("负责人设为「李强」", zh);
        Assert.Contains("处理团队由「前台接待」改为", zh);
        Assert.Contains("以及其他 1 项信息", zh);
        Assert.Contains("owner to 李强", en);
        Assert.DoesNotContain("ownerId", en);
        Assert.DoesNotContain("missingFacts", zh);
    }

    [Fact]
    public void Retention_says_what_it_anonymised_and_from_before_when()
    {
        var (zh, en) = Say("Retention", "anonymised", "{\"reason\":\"retention\",\"before\":\"2021-12-08T00:43:00Z\",\"chats\":12,\"attachmentsDeleted\":1}", null);
        Assert.Equal("王芳 按个人信息保留期匿名化了 12 个未成为投诉的在线会话（2021-12-08 之前）", zh);
        Assert.Equal("王芳 anonymised 12 chats that never became complaints under the retention period (before 2021-12-08)", en);
        var (customer, _) = Say("Customer", "anonymised", "{\"reason\":\"retention\",\"before\":\"2021-12-08T00:43:00Z\",\"noComplaintKeepsIt\":true}", "[已匿名]");
        Assert.Contains("按保留期匿名化了", customer);
        Assert.DoesNotContain("anonymised", customer);
    }

    [Fact]
    public void Reveals_say_what_was_seen_and_why()
    {
        var (zh, en) = Say("Ticket", "revealed", """{"field":"description","reason":"核对卡号"}""", "TK-9");
        Assert.Equal("王芳 查看了投诉 TK-9 的描述原文，原因：核对卡号", zh);
        Assert.Equal("王芳 revealed the original description of TK-9, reason: 核对卡号", en);
        var (customerZh, customerEn) = Say("Customer", "revealed", """{"field":"id_number","reason":"核实身份"}""", "张三");
        Assert.Equal("王芳 查看了客户「张三」的完整证件号，原因：核实身份", customerZh);
        Assert.Contains("full ID number of customer 张三", customerEn);
    }

    [Fact]
    public void Messages_cards_customers_accounts_and_downloads_read_as_sentences()
    {
        Assert.Equal("王芳 在投诉 TK-3 上添加了一条消息（内部备注）", Say("TicketMessage", "created", """{"visibility":{"to":"internal"},"authorName":{"to":"王芳"}}""", "TK-3").Zh);
        Assert.Equal("王芳 added a message (Reply to customer) on TK-3", Say("TicketMessage", "created", """{"visibility":{"to":"public"}}""", "TK-3").En);
        Assert.Equal("王芳 建立了客户档案「张三」", Say("Customer", "created", """{"name":{"to":"张三"}}""", "张三").Zh);
        Assert.Equal("王芳 将客户档案「张三」的手机号由「138****0000」改为「139****1111」", Say("Customer", "updated", """{"phoneMasked":{"from":"138****0000","to":"139****1111"}}""", "张三").Zh);
        Assert.Equal("王芳 将另一份客户档案合并到「张三」，原因：同一人", Say("Customer", "merged", """{"mergedFrom":"x","reason":"同一人"}""", "张三").Zh);
        // A deleted record is named by what the entry kept.
        Assert.Equal("王芳 解除了银行卡 6222********1234 的绑定", Say("BankCard", "deleted", """{"bankName":{"from":"工商银行"},"panMasked":{"from":"6222********1234"}}""", null).Zh);
        Assert.Equal("王芳 将 李强（agent2@paydesk.local） 的角色由「坐席」改为「主管」", Say("AppUser", "role_changed", """{"email":"agent2@paydesk.local","from":"agent","to":"supervisor"}""", "李强（agent2@paydesk.local）").Zh);
        Assert.Equal("王芳 deactivated the account of 李强", Say("AppUser", "deactivated", """{"email":"a@b"}""", "李强").En);
        Assert.Equal("王芳 下载了投诉 TK-5 的附件「账单.pdf」", Say("Attachment", "downloaded", """{"fileName":"账单.pdf","ticketId":null}""", "TK-5").Zh);
        // Sent in a chat that became no complaint: no complaint to name (it read "下载了投诉 附件 的附件").
        Assert.Equal("王芳 下载了在线咨询中的附件「截图.png」", Say("Attachment", "downloaded", """{"fileName":"截图.png","ticketId":null}""", null).Zh);
        Assert.Equal("王芳 downloaded the attachment 截图.png sent in a chat", Say("Attachment", "downloaded", """{"fileName":"截图.png"}""", null).En);
    }

    [Fact]
    public void An_unknown_kind_of_entry_still_reads_without_resource_keys()
    {
        var (zh, en) = Say("Refund", "approved", "not json", null);
        Assert.Equal("王芳 对 Refund 执行了操作：approved", zh);
        Assert.DoesNotContain("Audit.", en);
    }
}
