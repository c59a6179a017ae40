using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace PayDesk.Tests.Infrastructure;

/// <summary>PayDesk's own resources outside a host, and a culture for the length of one call, for tests of wording.</summary>
public static class Localizers
{
    internal static readonly IStringLocalizer<SharedResource> Shared = new ServiceCollection().AddLogging()
        .AddLocalization(o => o.ResourcesPath = "Resources").BuildServiceProvider().GetRequiredService<IStringLocalizer<SharedResource>>();

    /// <summary>What <paramref name="say"/> returns with <paramref name="culture"/> as the current culture and UI culture.</summary>
    public static T In<T>(string culture, Func<T> say)
    {
        var previous = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo(culture);
            return say();
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = previous;
        }
    }
}
