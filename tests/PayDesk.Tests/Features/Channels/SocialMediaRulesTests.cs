using PayDesk.Features.Channels;
using PayDesk.Features.Channels.Social;

namespace PayDesk.Tests.Features.Channels;

/// <summary>Which addresses a message may make us fetch, and which voice clips are kept (judged by their bytes).</summary>
public sealed class SocialMediaRulesTests
{
    private static readonly string[] Hosts = ["https://mmbiz.qpic.cn", "http://127.0.0.1:8123"];

    [Theory]
    [InlineData("https://mmbiz.qpic.cn/mmbiz_jpg/abc/0", true)]
    [InlineData("HTTPS://MMBIZ.QPIC.CN/x.jpg", true)]
    [InlineData("http://127.0.0.1:8123/pic/a.jpg", true)]
    [InlineData("http://mmbiz.qpic.cn/x.jpg", false)]                 // http where https is allowed
    [InlineData("https://mmbiz.qpic.cn:8443/x.jpg", false)]           // another port
    [InlineData("https://mmbiz.qpic.cn.evil.example/x.jpg", false)]   // a look-alike host
    [InlineData("https://user:pass@mmbiz.qpic.cn/x.jpg", false)]      // credentials in the address
    [InlineData("http://127.0.0.1:8124/pic/a.jpg", false)]
    [InlineData("http://169.254.169.254/latest/meta-data/", false)]   // the cloud's metadata service
    [InlineData("file:///etc/passwd", false)]
    [InlineData("/pic/a.jpg", false)]
    [InlineData(null, false)]
    public void Only_listed_origins_are_fetched(string? address, bool allowed) =>
        Assert.Equal(allowed, WeChatMedia.Allowed(address, Hosts) is not null);

    [Fact]
    public void Voice_clips_are_kept_by_their_bytes_and_a_renamed_program_is_not()
    {
        Assert.Equal("audio/amr", AttachmentStore.Sniff("voice.amr", WeChatMediaStub.Amr));
        Assert.Equal("audio/mpeg", AttachmentStore.Sniff("voice.mp3", [.. "ID3"u8, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00]));
        Assert.Equal("audio/mpeg", AttachmentStore.Sniff("voice", [0xFF, 0xFB, 0x90, 0x64, 0x00]));
        Assert.Equal("image/jpeg", AttachmentStore.Sniff("x.mp3", WeChatMediaStub.Jpeg));
        Assert.Null(AttachmentStore.Sniff("voice.amr", WeChatMediaStub.Exe));
        Assert.Null(AttachmentStore.Sniff("voice.mp3", [0xFF, 0xF1, 0x50, 0x80])); // AAC (ADTS), not layer III
    }
}
