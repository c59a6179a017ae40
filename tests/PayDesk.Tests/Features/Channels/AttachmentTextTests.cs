using System.Text;
using PayDesk.Features.Channels;

namespace PayDesk.Tests.Features.Channels;

/// <summary>
/// Text files as Chinese Windows writes them: Notepad's "ANSI" and Excel's CSV are GB18030 (GBK), not UTF-8. A newcomer's
/// walk had a GBK statement refused as "type not allowed".
/// </summary>
public sealed class AttachmentTextTests
{
    private static readonly Encoding Gb18030 = CodePagesEncodingProvider.Instance.GetEncoding(54936)!;

    [Fact]
    public void A_gbk_statement_is_kept_as_text_and_says_its_charset()
    {
        const string statement = "交易流水 20261125001\r\n美团外卖 扣款 56.30 元\r\n冻洁？冻结！";
        Assert.Equal("text/plain; charset=gb18030", AttachmentStore.Sniff("对账单.txt", Gb18030.GetBytes(statement)));
        Assert.Equal("text/csv; charset=gb18030", AttachmentStore.Sniff("流水.csv", Gb18030.GetBytes("日期,商户,金额\r\n2026-11-25,美团外卖,56.30\r\n")));
        Assert.Equal("text/plain", AttachmentStore.Sniff("对账单.txt", Encoding.UTF8.GetBytes(statement)));
    }

    [Fact]
    public void Bytes_that_are_text_in_neither_charset_stay_refused()
    {
        // 0xFF is no GB18030 byte; 0x81 0x20 is a lead byte without a trail; NUL and other control bytes are binary.
        Assert.Null(AttachmentStore.Sniff("a.txt", [0x41, 0xFF, 0x42]));
        Assert.Null(AttachmentStore.Sniff("a.txt", [0xB6, 0xB3, 0x81, 0x20]));
        Assert.Null(AttachmentStore.Sniff("a.txt", [0x41, 0x00, 0x42]));
        Assert.Null(AttachmentStore.Sniff("a.exe", Gb18030.GetBytes("冻结")));
    }
}
