using System.Globalization;
using PayDesk.Features.Customers;
using PayDesk.Features.Notifications;
using PayDesk.Infrastructure.Http;

namespace PayDesk.Tests.Features.Notifications;

/// <summary>
/// A customer's notice is written in the customer's language, whatever the language of the staff member who sent it: an
/// incident update to an English customer listed its complaint numbers as "PD-1、PD-2".
/// </summary>
public sealed class CustomerLanguageTests
{
    [Theory]
    [InlineData("en", "en")]
    [InlineData("en-US", "en")]
    [InlineData("EN-gb", "en")]
    [InlineData("zh-CN", "zh-CN")]
    [InlineData("zh-TW", "zh-CN")]
    [InlineData("", "zh-CN")]
    public void A_customers_locale_chooses_English_or_Chinese(string locale, string culture) =>
        Assert.Equal(culture, Notifier.CultureOf(new Customer { Name = "x", Locale = locale }).Name);

    [Fact]
    public void Numbers_in_a_customers_notice_are_listed_in_the_customers_language_not_the_senders()
    {
        string[] numbers = ["PD-20261201-0001", "PD-20261201-0002"];
        var previous = CultureInfo.CurrentUICulture;
        try
        {
            // The sender works in Chinese; the English customer's list still reads in English, and the other way round.
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("zh-CN");
            Assert.Equal("PD-20261201-0001, PD-20261201-0002", ListText.Join(numbers, CultureInfo.GetCultureInfo("en")));
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en");
            Assert.Equal("PD-20261201-0001、PD-20261201-0002", ListText.Join(numbers, CultureInfo.GetCultureInfo("zh-CN")));
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }
}
