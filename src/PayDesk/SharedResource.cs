using System.Resources;

[assembly: NeutralResourcesLanguage("zh-CN")]

namespace PayDesk;

/// <summary>Marker for the shared string table: Resources/SharedResource.resx (Simplified Chinese) and .en.resx.</summary>
internal sealed class SharedResource
{
    /// <summary>The table read in a culture other than the request's (a customer's notice in the customer's language).</summary>
    public static readonly ResourceManager Manager = new("PayDesk.Resources.SharedResource", typeof(SharedResource).Assembly);
}
