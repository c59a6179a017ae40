using PayDesk.Features.Cases;

namespace PayDesk.Tests.Features.Cases;

public sealed class CaseScrubberTests
{
    private static readonly ScrubContext People = ScrubContext.None with
    {
        CustomerNames = ["张伟明"],
        StaffNames = ["王芳", "李强"],
    };

    [Theory]
    [InlineData("请回电 13812345678 谢谢", "请回电 【手机号】 谢谢")]
    [InlineData("请回电138 1234 5678谢谢", "请回电【手机号】谢谢")]
    [InlineData("手机：138-1234-5678。", "手机：【手机号】。")]
    [InlineData("号码 +86 138 1234 5678", "号码 【手机号】")]
    [InlineData("手机 １３８１２３４５６７８", "手机 【手机号】")]
    public void Eleven_digit_mobiles_are_replaced_however_they_are_grouped(string text, string expected) =>
        Assert.Equal(expected, CaseScrubber.Scrub(text, ScrubContext.None));

    [Theory]
    [InlineData("卡号6222021234567890扣了两次", "卡号【卡号】扣了两次")]                 // 16 digits, no Luhn check needed
    [InlineData("卡号 6222 0212 3456 7890 扣了两次", "卡号 【卡号】 扣了两次")]
    [InlineData("卡号 6217-0000-1001-2345-678。", "卡号 【卡号】。")]                 // 19 digits with dashes
    [InlineData("尾号见 622202******1234", "尾号见 【卡号】")]                          // already masked at intake
    [InlineData("卡 **** **** **** 1234", "卡 【卡号】")]
    public void Card_numbers_of_16_to_19_digits_and_their_masks_are_replaced(string text, string expected) =>
        Assert.Equal(expected, CaseScrubber.Scrub(text, ScrubContext.None));

    [Theory]
    [InlineData("身份证11010519491231002X已提供", "身份证【证件号】已提供")]
    [InlineData("身份证 11010519491231002x 已提供", "身份证 【证件号】 已提供")]
    [InlineData("证件 110105 19491231 002X", "证件 【证件号】")]
    [InlineData("证件 110***********002X", "证件 【证件号】")]
    [InlineData("号码 138****5678", "号码 【手机号】")]
    public void Eighteen_character_ids_with_x_and_masked_numbers_are_replaced(string text, string expected) =>
        Assert.Equal(expected, CaseScrubber.Scrub(text, ScrubContext.None));

    [Theory]
    [InlineData("流水号 T2026112512345678 重复", "流水号 【流水号】 重复")]
    [InlineData("订单号：ORD-20261125001 没到账", "订单号：【流水号】 没到账")]
    [InlineData("流水号是202611250001234", "流水号是【流水号】")]
    [InlineData("请发到 zhang.wei@example.cn 或 ZW_88@qq.com", "请发到 【邮箱】 或 【邮箱】")]
    [InlineData("见投诉 PD-2026-000123", "见投诉 【投诉单号】")]
    public void Serials_emails_and_complaint_numbers_are_replaced(string text, string expected) =>
        Assert.Equal(expected, CaseScrubber.Scrub(text, ScrubContext.None));

    [Fact]
    public void Amounts_dates_and_times_stay()
    {
        const string text = "2026-11-25 12:10 扣了 88.50 元，3–7 个工作日到账，每日限额 20 万元。";
        Assert.Equal(text.Replace('–', '-'), CaseScrubber.Scrub(text, ScrubContext.None));
    }

    [Fact]
    public void Chinese_names_of_the_customer_and_staff_are_replaced_in_their_usual_forms()
    {
        var scrubbed = CaseScrubber.Scrub("张伟明来电，王芳接听；张先生说伟明的卡被扣了两次，李强回电给张先生。", People);
        Assert.Equal("【客户】来电，【坐席】接听；【客户】说【客户】的卡被扣了两次，【坐席】回电给【客户】。", scrubbed);
    }

    [Fact]
    public void The_complaints_own_numbers_are_replaced_even_when_they_look_like_nothing()
    {
        var known = ScrubContext.None with { Serials = ["X9-77A"], Accounts = ["6200001234567890"], Phones = ["13812345678"], Emails = ["zw@corp.cn"] };
        var scrubbed = CaseScrubber.Scrub("单据 X9-77A，账户 6200 0012 3456 7890，电话 138 1234 5678，邮件 ZW@corp.cn", known);
        Assert.Equal("单据 【流水号】，账户 【账号】，电话 【手机号】，邮件 【邮箱】", scrubbed);
    }

    [Fact]
    public void Findings_name_what_still_looks_personal_and_placeholders_pass()
    {
        Assert.Empty(CaseScrubber.Findings("【客户】来电，卡号【卡号】，手机【手机号】，扣了 88.50 元。", People));
        var kinds = CaseScrubber.Findings("张先生的手机 138-1234-5678，卡 6222 0212 3456 7890，证件 11010519491231002X，流水 T2026112512345678", People)
            .Select(f => f.Kind).ToHashSet();
        Assert.Superset(new HashSet<string> { "name", "phone", "card", "id", "serial" }, kinds);
    }

    [Fact]
    public void A_scrubbed_text_has_no_findings()
    {
        const string text = "张伟明（手机 138 1234 5678，身份证 11010519491231002X）用卡 6217 0000 1001 2345 678 付款，流水号 T2026112512345678，邮箱 zwm@example.cn，王芳处理。";
        var scrubbed = CaseScrubber.Scrub(text, People);
        Assert.Empty(CaseScrubber.Findings(scrubbed, People));
        Assert.Contains("【客户】", scrubbed);
        Assert.Contains("【坐席】", scrubbed);
    }
}
