using System.Globalization;
using Microsoft.Extensions.Localization;
using PayDesk.Features.Audit;

namespace PayDesk.Tests.Features.Audit;

/// <summary>Issue 18, item 5: channel-settings and public-address entries read in words like the others, and never show a secret.</summary>
public sealed class SettingsAuditWordsTests
{
    private static readonly IStringLocalizer<SharedResource> L = PayDesk.Tests.Infrastructure.Localizers.Shared;

    private static (string Zh, string En) Say(string type, string changes)
    {
        var facts = new AuditFacts("管理员", type, AuditActions.Updated, changes, null, new Dictionary<Guid, string>());
        var previous = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
            var zh = DescribeAuditEntry.Describe(facts, L);
            CultureInfo.CurrentUICulture = new CultureInfo("en");
            return (zh, DescribeAuditEntry.Describe(facts, L));
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    [Fact]
    public void A_changed_gateway_key_says_which_channel_and_that_the_key_changed()
    {
        // As SaveChannelSettings writes it: secrets only as "set"/"cleared", ordinary fields with both values.
        var (zh, en) = Say("ChannelSettings", """{"sms.apiKey":"set","sms.sender":{"from":null,"to":"支付客服"}}""");
        Assert.Equal("管理员 修改了短信网关设置（网关密钥已更改，短信签名设为「支付客服」）", zh);
        Assert.Equal("管理员 changed the SMS gateway settings (Gateway API key changed; Sender name to 支付客服)", en);
    }

    [Fact]
    public void Smtp_changes_name_the_fields_and_the_encryption_in_words()
    {
        var (zh, en) = Say("ChannelSettings", """{"smtp.port":{"from":"25","to":"465"},"smtp.security":{"from":null,"to":"SslOnConnect"},"smtp.password":"cleared"}""");
        Assert.Equal("管理员 修改了邮件发送设置（端口由「25」改为「465」，加密方式设为「SSL/TLS」，密码已清除）", zh);
        Assert.StartsWith("管理员 changed the Outgoing e-mail settings (", en);
        Assert.Contains("cleared", en);
        Assert.DoesNotContain("smtp.", zh + en);
        Assert.DoesNotContain("Audit.", zh + en);
    }

    [Theory]
    [InlineData("""{"sms.apiKey":{"from":"old-key-123","to":"new-key-456"}}""")]
    [InlineData("""{"webhooks.smsSecret":"new-key-456"}""")]
    [InlineData("""{"wechat.appSecret":{"from":null,"to":"new-key-456"},"wechat.token":"old-key-123"}""")]
    public void A_secret_value_is_never_told_even_if_an_entry_holds_one(string changes)
    {
        var (zh, en) = Say("ChannelSettings", changes);
        Assert.DoesNotContain("key-", zh + en);
        Assert.Contains("已更改", zh);
    }

    [Fact]
    public void A_public_address_change_reads_as_a_sentence()
    {
        var (zh, en) = Say("PublicAddress", """{"publicBaseUrl":{"from":null,"to":"https://kefu.example.com"}}""");
        Assert.Equal("管理员 修改了系统设置（公开地址设为「https://kefu.example.com」）", zh);
        Assert.Equal("管理员 changed the system settings (public address to https://kefu.example.com)", en);
        (zh, _) = Say("PublicAddress", """{"publicBaseUrl":{"from":"http://127.0.0.1:5080","to":"https://kefu.example.com"}}""");
        Assert.Equal("管理员 修改了系统设置（公开地址由「http://127.0.0.1:5080」改为「https://kefu.example.com」）", zh);
    }
}
