using System.Globalization;
using PayDesk.Features.Complaints;

namespace PayDesk.Tests.Features.Complaints;

/// <summary>One way of writing an amount on every screen (the duplicate warning wrote ¥1,309.52 where the facts beside it said 1309.52 CNY).</summary>
public sealed class MoneyShowTests
{
    [Theory]
    [InlineData("zh-CN")]
    [InlineData("en")]
    [InlineData("de-DE")]
    public void An_amount_reads_the_same_in_every_language(string culture)
    {
        var before = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = new CultureInfo(culture);
        try
        {
            Assert.Equal("1,309.52 CNY", Money.Show(1309.52m, "CNY"));
            Assert.Equal("1,234,567.50 USD", Money.Show(new Money(1234567.5m, "USD")));
            Assert.Equal("0.05 CNY", Money.Show(0.05m, "CNY"));
            Assert.Equal("—", Money.Show(null));
        }
        finally
        {
            CultureInfo.CurrentCulture = before;
        }
    }
}
