using PayDesk.Features.Assistant;

namespace PayDesk.Tests.Features.Assistant;

public sealed class EntitiesTests
{
    private static readonly DateOnly Wednesday = new(2026, 11, 25);

    [Fact]
    public void Chinese_messages_give_serial_amount_dates_card_tail_and_merchant()
    {
        var f = Entities.Extract("昨天在盒马鲜生买东西被扣了两次，每次 ¥58.50，交易流水号 2026112412345678，尾号6789的卡", Wednesday);
        Assert.Equal(("2026112412345678", 58.50m, new DateOnly(2026, 11, 24), "6789", "盒马鲜生"), (f.TransactionSerial, f.Amount, f.Date, f.CardLastFour, f.Merchant));
        Assert.Equal(new DateOnly(2026, 11, 20), Entities.Extract("上周五申请的退款 1,200.00元", Wednesday).Date);
        Assert.Equal(1200m, Entities.Extract("上周五申请的退款 1,200.00元", Wednesday).Amount);
        Assert.Equal(new DateOnly(2026, 3, 2), Entities.Extract("3月2日的订单", Wednesday).Date);
        Assert.Equal(new DateOnly(2025, 12, 30), Entities.Extract("12月30日付的款", Wednesday).Date);
        Assert.Equal("13812345678", Entities.Extract("我的手机是13812345678", Wednesday).Phone);
    }

    [Fact]
    public void English_messages_give_the_same_facts()
    {
        var f = Entities.Extract("I was charged twice at Starbucks last Friday, 36.00 yuan each, transaction T202611200001, card ending in 4321", Wednesday);
        Assert.Equal(("T202611200001", 36.00m, new DateOnly(2026, 11, 20), "4321", "Starbucks"), (f.TransactionSerial, f.Amount, f.Date, f.CardLastFour, f.Merchant));
        Assert.Equal(new DateOnly(2026, 11, 24), Entities.Extract("the payment yesterday", Wednesday).Date);
        Assert.False(Entities.Extract("hello there", Wednesday).Any);
    }

    [Fact]
    public void A_phone_number_is_not_taken_for_a_transaction_serial()
    {
        var f = Entities.Extract("请回电 13812345678", Wednesday);
        Assert.Null(f.TransactionSerial);
        Assert.Equal("13812345678", f.Phone);
    }
}
