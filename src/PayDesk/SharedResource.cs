using System.Resources;

[assembly: NeutralResourcesLanguage("zh-CN")]

namespace PayDesk;

/// <summary>Marker for the shared string table: Resources/SharedResource.resx (Simplified Chinese) and .en.resx.</summary>
internal sealed class SharedResource;
