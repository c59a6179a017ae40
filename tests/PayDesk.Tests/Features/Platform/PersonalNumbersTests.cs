using PayDesk.Infrastructure.Security;

namespace PayDesk.Tests.Features.Platform;

/// <summary>Finding and masking phone, ID and card numbers in free text (decision 0003).</summary>
public sealed class PersonalNumbersTests
{
    [Theory]
    [InlineData("请回电 13800138000 谢谢", "请回电 138****8000 谢谢")]
    [InlineData("手机13800138000。", "手机138****8000。")]
    [InlineData("call +86 138 0013 8000 please", "call 138****8000 please")]
    [InlineData("电话：0086-138-0013-8000", "电话：138****8000")]
    [InlineData("+8613800138000", "138****8000")]
    [InlineData("手机 138-0013-8000", "手机 138****8000")]
    [InlineData("身份证 11010519491231002X", "身份证 110***********002X")]
    [InlineData("身份证 11010519491231002x。", "身份证 110***********002X。")]
    [InlineData("身份证 110105 19491231 002X", "身份证 110***********002X")]
    [InlineData("卡号 4111111111111111", "卡号 411111******1111")]
    [InlineData("卡号 4111 1111 1111 1111 被扣款", "卡号 411111******1111 被扣款")]
    [InlineData("卡号4111-1111-1111-1111", "卡号411111******1111")]
    [InlineData("card 6222020200112233446.", "card 622202*********3446.")]
    [InlineData("卡号 6222 0202 0011 2233 446", "卡号 622202*********3446")]
    // As people really type them (found by an outside probe): doubled spaces, tabs, dots, brackets, zero-width spaces.
    [InlineData("卡号 6222  0202  0011  2233  446", "卡号 622202*********3446")]
    [InlineData("卡号\t6222\t0202\t0011\t2233\t446", "卡号\t622202*********3446")]
    [InlineData("卡号 6222.0202.0011.2233.446", "卡号 622202*********3446")]
    [InlineData("手机 138.0013.8000", "手机 138****8000")]
    [InlineData("手机 (138)0013-8000", "手机 138****8000")]
    [InlineData("手机（138）0013 8000", "手机138****8000")]
    [InlineData("手机 138\u200b0013\u200b8000", "手机 138****8000")]
    // Written in groups of four as cards are, a card with a wrong check digit is still a card.
    [InlineData("卡号 6222 0212 3456 7890 123", "卡号 622202*********0123")]
    [InlineData("卡号 4111 1111 1111 1112", "卡号 411111******1112")]
    public void Personal_numbers_in_text_are_masked(string text, string expected) =>
        Assert.Equal(expected, PersonalNumbers.Mask(text).Text);

    [Theory]
    [InlineData("手机１３８００１３８０００", "手机138****8000")]
    [InlineData("卡号：４１１１　１１１１　１１１１　１１１１", "卡号：411111******1111")]
    [InlineData("身份证１１０１０５１９４９１２３１００２Ｘ", "身份证110***********002X")]
    public void Full_width_digits_are_numbers_too(string text, string expected) =>
        Assert.Equal(expected, PersonalNumbers.Mask(text).Text);

    [Theory]
    // Wrong check characters: order numbers of ID length are not IDs.
    [InlineData("订单 110105194912310021")]
    [InlineData("订单 110105194912310022")]
    // Right check digit but no such birth date (month 13).
    [InlineData("订单 110105194913310021")]
    // Luhn fails.
    [InlineData("卡号 4111111111111112")]
    // Not grouped like a card: a serial with a wrong check digit.
    [InlineData("卡号 4111-1111111-11112")]
    // Luhn passes but no card issuer starts with 1, 0, 7 or a year.
    [InlineData("订单号 2026112500011233")]
    [InlineData("订单号 1380013800012347")]
    [InlineData("订单号 7000000000000005")]
    // Not a mobile: 12 prefix, too short, too long.
    [InlineData("号码 12800138000")]
    [InlineData("号码 1380013800")]
    [InlineData("号码 138001380001")]
    public void Numbers_that_fail_their_checks_are_left_alone(string text) =>
        Assert.False(PersonalNumbers.Mask(text).Changed, text);

    [Fact]
    public void Amounts_dates_and_short_numbers_are_left_alone()
    {
        const string text = "2026-11-25 10:00 在淘宝消费 199.00 元，验证码 123456，尾号 1234，工单 PD-2026-000123";
        Assert.Equal(text, PersonalNumbers.Mask(text).Text);
    }

    [Theory]
    [InlineData("退款 1309.52 元，另一笔 13800.13 元")]
    [InlineData("版本 2026.12.05，共 3 笔 1380.00 元")]
    [InlineData("订单 1234. 另一单 5678")]
    [InlineData("1) 第一笔 2) 第二笔 199.00")]
    public void Dots_and_brackets_between_amounts_and_lists_join_nothing(string text) =>
        Assert.False(PersonalNumbers.Mask(text).Changed, text);

    [Theory]
    // Inside a longer digit run nothing is matched, even where a valid card or phone hides in it.
    [InlineData("流水 41111111111111111111")]
    [InlineData("流水 13800138000138001380001")]
    [InlineData("流水 9413800138000")]
    // Glued to letters: a transaction serial or reference, not a number someone typed.
    [InlineData("交易 T4111111111111111")]
    [InlineData("交易 T202611250001411111111111")]
    [InlineData("ref 4111111111111111abc")]
    [InlineData("ref ORD_13800138000")]
    // The fraction of a decimal.
    [InlineData("0.4111111111111111")]
    public void Digit_runs_inside_longer_runs_or_identifiers_are_not_partially_matched(string text) =>
        Assert.False(PersonalNumbers.Mask(text).Changed, text);

    [Fact]
    public void Several_numbers_side_by_side_are_each_found()
    {
        var found = PersonalNumbers.Find("13800138000 4111 1111 1111 1111,13900139000、11010519491231002X");
        Assert.Equal([PersonalDataKind.Phone, PersonalDataKind.CardNumber, PersonalDataKind.Phone, PersonalDataKind.IdNumber], found.Select(f => f.Kind).ToArray());
        Assert.Equal(["13800138000", "4111111111111111", "13900139000", "11010519491231002X"], found.Select(f => f.Value).ToArray());
        Assert.Equal("138****8000 411111******1111,139****9000、110***********002X",
            PersonalNumbers.Mask("13800138000 4111 1111 1111 1111,13900139000、11010519491231002X").Text);
    }

    [Fact]
    public void Spans_point_at_the_number_as_written()
    {
        const string text = "卡号 4111 1111 1111 1111 手机 +86 138 0013 8000";
        var found = PersonalNumbers.Find(text);
        Assert.Equal("4111 1111 1111 1111", text.Substring(found[0].Start, found[0].Length));
        Assert.Equal("+86 138 0013 8000", text.Substring(found[1].Start, found[1].Length));
    }

    [Fact]
    public void Masked_text_is_stable_when_masked_again()
    {
        var once = PersonalNumbers.Mask("13800138000 / 4111111111111111 / 11010519491231002X").Text;
        Assert.False(PersonalNumbers.Mask(once).Changed);
    }

    [Fact]
    public void Cards_show_at_most_the_first_six_and_last_four_digits()
    {
        foreach (var card in new[] { "4111111111111111", "6222020200112233446", "4222222222222" })
        {
            var masked = PersonalNumbers.Mask(card).Text;
            Assert.Equal(card[..6], masked[..6]);
            Assert.Equal(card[^4..], masked[^4..]);
            Assert.Equal(card.Length - 10, masked.Count(c => c == '*'));
        }
    }
}
