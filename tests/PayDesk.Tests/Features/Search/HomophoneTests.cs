using PayDesk.Features.Search;

namespace PayDesk.Tests.Features.Search;

/// <summary>The word meant when the pinyin input method gave another character of the same sound (Homophones).</summary>
public sealed class HomophoneTests
{
    [Theory]
    [InlineData("账户冻洁了怎么办", "账户冻结了怎么办")]
    [InlineData("冻洁", "冻结")]
    [InlineData("退欵没到账", "退款没到账")]
    [InlineData("重复扣欵", "重复扣款")]
    [InlineData("我的账户被冻洁，退欵也没到", "我的账户被冻结，退款也没到")]
    public void A_word_typed_with_a_homophones_character_becomes_the_word_meant(string typed, string meant) =>
        Assert.Equal(meant, Homophones.Shared.Correct(typed));

    [Theory]
    [InlineData("账户冻结了怎么办")] // as meant
    [InlineData("东街的商户扣款")]   // 东街 (dōng jiē) is a word of its own, not a slip for 冻结
    [InlineData("是不是重复扣款")]   // single characters that read like another word are not replaced wholesale (是不 is not 食补)
    // Correct words that a general dictionary finds rarer than a homophone (an outside review): 客服/克服, 微信/威信,
    // 网银/网瘾, 光大/广大, 兴业/行业, 可疑/可以, 支行/执行, 实时/实施, 水费/税费. Only the domain's words are offered.
    [InlineData("联系客服")]
    [InlineData("微信支付扣款")]
    [InlineData("网银转账")]
    [InlineData("光大银行和兴业银行")]
    [InlineData("可疑交易")]
    [InlineData("开户支行")]
    [InlineData("实时到账")]
    [InlineData("水费缴纳")]
    [InlineData("refund not received")]
    [InlineData("订单 20261201 金额 199.00 元")]
    [InlineData("")]
    public void Words_typed_as_meant_stay_as_typed(string typed) => Assert.Null(Homophones.Shared.Correct(typed));

    [Fact]
    public void The_words_meant_are_given_as_words_not_as_the_question_cut_again() =>
        // 账户冻结 is one word of the domain's dictionary: the search needs 冻结 itself to match "账户被冻结".
        Assert.Equal(["冻结", "退款"], Homophones.Shared.WordsMeant("账户冻洁，退欵"));

    [Fact]
    public void Readings_are_toneless_every_reading_counts_and_a_character_without_one_stops_the_match()
    {
        Assert.Contains("dong jie", Homophones.Shared.Sounds("冻结"));
        Assert.Contains("dong jie", Homophones.Shared.Sounds("冻洁"));
        Assert.Contains("lv", Homophones.Shared.Sounds("绿"));
        Assert.Contains("hang", Homophones.Shared.Sounds("行"));
        Assert.Contains("xing", Homophones.Shared.Sounds("行"));
        Assert.Empty(Homophones.Shared.Sounds("冻A"));
        Assert.Null(Homophones.Shared.Meant("冻"));
        Assert.Null(Homophones.Shared.Meant("冻结"));              // a domain word is never replaced
    }
}
