namespace PayDesk.Tests.Infrastructure;

/// <summary>The throwaway SpamAssassin spamd that scripts/spamd-test-server starts (PAYDESK_TEST_SPAMD=host:port).</summary>
public static class SpamdTestServer
{
    public static string? Address => Environment.GetEnvironmentVariable("PAYDESK_TEST_SPAMD") is { Length: > 0 } a ? a : null;

    /// <summary>Skips the test when no spamd is configured, fails it when scripts/test promised one.</summary>
    public static void RequireOrSkip()
    {
        if (Address is not null) return;
        if (Environment.GetEnvironmentVariable("PAYDESK_REQUIRE_SPAMD") == "1")
        {
            throw new InvalidOperationException("PAYDESK_REQUIRE_SPAMD=1 but PAYDESK_TEST_SPAMD is not set.");
        }
        Assert.Skip("Spam tests need PAYDESK_TEST_SPAMD; scripts/test starts spamd and sets it (by hand: scripts/spamd-test-server).");
    }

    /// <summary>PayDesk settings that score mail with the test spamd; empty when there is none.</summary>
    public static Dictionary<string, string?> Settings()
    {
        if (Address is not { } address) return [];
        var colon = address.LastIndexOf(':');
        return new()
        {
            ["Channels:Spamd:Host"] = address[..colon],
            ["Channels:Spamd:Port"] = address[(colon + 1)..],
            ["Channels:Spamd:Threshold"] = "5.0",
            ["Channels:Spamd:TimeoutSeconds"] = "20",
        };
    }
}
