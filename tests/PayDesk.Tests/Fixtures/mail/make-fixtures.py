# Writes the .eml fixtures and manifest.json in this folder (python3 make-fixtures.py .). The .eml files are committed
# byte for byte; rerun only to change the corpus, then check what changed (git diff --stat) and run EmailCorpusTests.
import base64, quopri, json, os, sys, codecs
OUT = sys.argv[1]
os.makedirs(OUT, exist_ok=True)
for f in os.listdir(OUT):
    if f.endswith('.eml'): os.remove(os.path.join(OUT, f))
manifest = []
PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
DATE = "Date: Tue, 01 Dec 2026 {h:02d}:{m:02d}:00 +0800"
counter = [0]

def ew(text, charset='utf-8', enc='B'):
    b = text.encode(charset)
    if enc == 'B': return f"=?{charset}?B?{base64.b64encode(b).decode()}?="
    q = ''.join(chr(c) if (48 <= c <= 57 or 65 <= c <= 90 or 97 <= c <= 122) else '=%02X' % c for c in b)
    return f"=?{charset}?Q?{q}?="

def b64body(b): return base64.encodebytes(b).decode().replace('\n', '\r\n')

def headers(frm, subject, msgid, extra=(), date=True):
    counter[0] += 1
    n = counter[0]
    h = []
    h.append(f"Received: from mx{n}.example.cn (mx{n}.example.cn [61.135.169.{n % 250 + 1}]) by mx.paydesk.example; Tue, 01 Dec 2026 10:{n % 60:02d}:01 +0800")
    if frm is not None: h.append("From: " + frm)
    h.append("To: =?utf-8?B?" + base64.b64encode("客服中心".encode()).decode() + "?= <kefu@paydesk.example>")
    if subject is not None: h.append("Subject: " + subject)
    if date: h.append(DATE.format(h=10, m=n % 60))
    if msgid: h.append(f"Message-ID: <{msgid}>")
    h.extend(extra)
    return h

def write(name, head, body, entry, head_bytes=None):
    """head: list of str header lines (ASCII unless head_bytes given); body: bytes"""
    hb = head_bytes if head_bytes is not None else ('\r\n'.join(head) + '\r\n').encode('ascii')
    raw = hb + b'\r\n' + body
    open(os.path.join(OUT, name), 'wb').write(raw)
    entry = dict(file=name, **entry)
    manifest.append(entry)

def text_mail(name, from_hdr, subject_hdr, msgid, body_text, charset='utf-8', cte='base64', entry=None, extra=(), head_encoding=None, ctype=True, body_encoding=None):
    h = headers(from_hdr, subject_hdr, msgid, extra)
    h.append("MIME-Version: 1.0")
    b = body_text.encode(body_encoding or charset or 'utf-8')
    if ctype: h.append(f"Content-Type: text/plain; charset={charset}" if charset else "Content-Type: text/plain")
    if cte == 'base64': h.append("Content-Transfer-Encoding: base64"); body = b64body(b).encode()
    elif cte == 'qp': h.append("Content-Transfer-Encoding: quoted-printable"); body = quopri.encodestring(b).replace(b'\n', b'\r\n')
    else:
        if ctype: h.append("Content-Transfer-Encoding: 8bit")
        body = b.replace(b'\n', b'\r\n') + b'\r\n'
    hb = ('\r\n'.join(h) + '\r\n').encode(head_encoding) if head_encoding else None
    write(name, h, body, entry, hb)

def complaint(subject, name, **kw): return dict(outcome='complaint', subject=subject, name=name, **kw)

# ---------- declared charsets ----------
text_mail("001-utf8-base64.eml", f'{ew("张伟")} <zhangwei@example.cn>', ew("退款三天未到账"), "c001@example.cn",
          "你好，我在11月28日申请的退款 199 元到现在还没到账，订单号 T202611280001，请帮忙查一下。\n张伟", entry=complaint("退款三天未到账", "张伟", body="订单号 T202611280001"))
text_mail("002-utf8-quoted-printable.eml", f'{ew("李娜", enc="Q")} <lina@example.cn>', ew("重复扣款两次", enc="Q"), "c002@example.cn",
          "同一笔订单被扣了两次钱，金额 58.00 元，请退还多扣的一笔。", cte='qp', entry=complaint("重复扣款两次", "李娜", body="扣了两次钱"))
text_mail("003-gb2312-base64.eml", f'{ew("王芳", "gb2312")} <wangfang@example.cn>', ew("提现失败", "gb2312"), "c003@example.cn",
          "提现到银行卡失败，提示“银行卡信息有误”，但卡号是对的。", charset='gb2312', entry=complaint("提现失败", "王芳", body="提现到银行卡失败"))
text_mail("004-gbk-quoted-printable.eml", f'{ew("刘喆", "gbk")} <liuzhe@example.cn>', ew("商户结算延迟（喆）", "gbk", "Q"), "c004@example.cn",
          "我们商户的结算款延迟了两天，商户号 M100200300。联系人刘喆。", charset='gbk', cte='qp', entry=complaint("商户结算延迟（喆）", "刘喆", body="商户号 M100200300"))
text_mail("005-gb18030-four-byte.eml", f'{ew("赵𠮷", "gb18030")} <zhaoji@example.cn>', ew("𠮷野家付款失败", "gb18030"), "c005@example.cn",
          "在𠮷野家扫码付款失败但钱被扣了。", charset='gb18030', entry=complaint("𠮷野家付款失败", "赵𠮷", body="扫码付款失败"))
text_mail("006-big5-base64.eml", f'{ew("陳大文", "big5")} <chentaiwen@example.tw>', ew("退款沒有到帳", "big5"), "c006@example.tw",
          "交易序號 T202611250002 的退款沒有到帳，請協助處理。", charset='big5', entry=complaint("退款沒有到帳", "陳大文", body="交易序號 T202611250002"))
text_mail("007-hz-gb-2312.eml", f'{ew("孙丽", "hz-gb-2312")} <sunli@example.cn>', ew("转账被退回", "hz-gb-2312"), "c007@example.cn",
          "我给家人的转账被退回了，但手续费没有退。", charset='hz-gb-2312', cte='8bit', entry=complaint("转账被退回", "孙丽", body="手续费没有退"))
# raw 8-bit headers
h = headers('周杰 <zhoujie@example.cn>', '账户被冻结', "c008@example.cn") + ["MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: 8bit"]
write("008-raw-utf8-headers.eml", h, "我的账户突然被冻结，无法付款，请尽快解冻。\r\n".encode(), complaint("账户被冻结", "周杰", body="无法付款"), ('\r\n'.join(h) + '\r\n').encode('utf-8'))
h = headers('吴敏 <wumin@example.cn>', '信用卡还款未入账', "c009@example.cn") + ["MIME-Version: 1.0", "Content-Type: text/plain; charset=gbk", "Content-Transfer-Encoding: 8bit"]
write("009-raw-gbk-headers.eml", h, "信用卡还款 3000 元已扣款但未入账。\r\n".encode('gbk'), complaint("信用卡还款未入账", "吴敏", body="3000 元"), ('\r\n'.join(h) + '\r\n').encode('gbk'))
h = headers('胡军 <hujun@example.cn>', '订单 T2026 支付超时', "c010@example.cn") + ["MIME-Version: 1.0", "Content-Type: text/plain; charset=us-ascii"]
write("010-raw-gbk-headers-ascii-body.eml", h, b"Order T202611300010 timed out but I was charged.\r\n", complaint("订单 T2026 支付超时", "胡军", body="timed out"), ('\r\n'.join(h) + '\r\n').encode('gbk'))
h = headers('林志明 <linzhiming@example.tw>', '交易失敗請協助', "c011@example.tw") + ["MIME-Version: 1.0", "Content-Type: text/plain; charset=big5", "Content-Transfer-Encoding: 8bit"]
write("011-raw-big5-headers.eml", h, "刷卡交易失敗但帳戶已扣款。\r\n".encode('big5'), complaint("交易失敗請協助", "林志明", body="帳戶已扣款"), ('\r\n'.join(h) + '\r\n').encode('big5'))
h = headers('郑强 <zhengqiang@example.cn>', '红包提现没到账', "c012@example.cn") + ["MIME-Version: 1.0"]
write("012-raw-gb18030-undeclared.eml", h, "微信红包提现 500 元没到账。\r\n".encode('gb18030'), complaint("红包提现没到账", "郑强", body="500 元没到账"), ('\r\n'.join(h) + '\r\n').encode('gb18030'))
# wrong / missing labels
text_mail("013-label-gb2312-content-gbk.eml", f'{ew("钱镕", "gbk")} <qianrong@example.cn>', ew("镕基金赎回未到账", "gbk"), "c013@example.cn",
          "基金赎回款（镕）三天未到账。", charset='gb2312', body_encoding='gbk', cte='8bit', entry=complaint("镕基金赎回未到账", "钱镕", body="镕"))
h = headers(f'{ew("冯婷")} <fengting@example.cn>', ew("扫码支付重复扣费"), "c014@example.cn") + ["MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: 8bit"]
write("014-label-utf8-content-gbk.eml", h, "扫码支付被重复扣费 12.5 元。\r\n".encode('gbk'), complaint("扫码支付重复扣费", "冯婷", body="重复扣费"))
h = headers(f'{ew("蒋涛")} <jiangtao@example.cn>', ew("自动续费取消不了"), "c015@example.cn") + ["MIME-Version: 1.0", "Content-Type: text/plain; charset=us-ascii", "Content-Transfer-Encoding: 7bit"]
write("015-label-ascii-content-utf8.eml", h, "会员自动续费一直取消不了，每月被扣 25 元。\r\n".encode('utf-8'), complaint("自动续费取消不了", "蒋涛", body="每月被扣 25 元"))
h = headers('韩雪 <hanxue@example.cn>', '没有内容类型的邮件', "c016@example.cn")
write("016-no-mime-headers-utf8.eml", h, "这封邮件没有 MIME 头，正文是 UTF-8：退款还没收到。\r\n".encode('utf-8'), complaint("没有内容类型的邮件", "韩雪", body="退款还没收到"), ('\r\n'.join(h) + '\r\n').encode('utf-8'))
# html and alternative
html = "<html><body><p>网页支付时被风控拦截，提示<b>交易存在风险</b>。</p><blockquote>以前的邮件</blockquote></body></html>"
h = headers(f'{ew("黄磊")} <huanglei@example.cn>', ew("网页支付被拦截"), "c017@example.cn") + ["MIME-Version: 1.0", "Content-Type: text/html; charset=utf-8", "Content-Transfer-Encoding: base64"]
write("017-html-only.eml", h, b64body(html.encode()).encode(), complaint("网页支付被拦截", "黄磊", body="交易存在风险", lacks="以前的邮件"))
plain = "开通快捷支付时收不到短信验证码。".encode('gb2312'); htmlb = "<div>开通快捷支付时收不到<b>短信验证码</b>。</div>".encode('gb2312')
h = headers(f'{ew("曹颖", "gb2312")} <caoying@example.cn>', ew("收不到验证码", "gb2312"), "c018@example.cn") + ["MIME-Version: 1.0", 'Content-Type: multipart/alternative; boundary="----=_NextPart_000_0018"']
body = ("This is a multi-part message in MIME format.\r\n\r\n------=_NextPart_000_0018\r\nContent-Type: text/plain; charset=gb2312\r\nContent-Transfer-Encoding: base64\r\n\r\n" + b64body(plain) +
        "\r\n------=_NextPart_000_0018\r\nContent-Type: text/html; charset=gb2312\r\nContent-Transfer-Encoding: base64\r\n\r\n" + b64body(htmlb) + "\r\n------=_NextPart_000_0018--\r\n").encode()
write("018-alternative-gb2312.eml", h, body, complaint("收不到验证码", "曹颖", body="短信验证码"))
# Outlook: empty multipart/alternative first, the text as a top-level part after it
h = headers(f'{ew("彭博")} <pengbo@example.cn>', ew("Outlook 发来的退款申请"), "c019@example.cn") + ["MIME-Version: 1.0", 'Content-Type: multipart/mixed; boundary="_004_outlook"']
body = ("--_004_outlook\r\nContent-Type: multipart/alternative; boundary=\"_000_outlook\"\r\n\r\n--_000_outlook--\r\n\r\n"
        "--_004_outlook\r\nContent-Type: text/plain; charset=\"utf-8\"\r\nContent-Transfer-Encoding: base64\r\n\r\n" + b64body("申请退款：订单 T202611290019，金额 88 元。".encode()) + "\r\n--_004_outlook--\r\n").encode()
write("019-outlook-empty-multipart.eml", h, body, complaint("Outlook 发来的退款申请", "彭博", body="订单 T202611290019"))
# files
def mixed(name, frm, subj, msgid, text, parts, entry, extra=()):
    h = headers(frm, subj, msgid, extra) + ["MIME-Version: 1.0", 'Content-Type: multipart/mixed; boundary="mix-boundary"']
    body = "--mix-boundary\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n" + b64body(text.encode()) + "\r\n"
    for p in parts: body += "--mix-boundary\r\n" + p + "\r\n"
    body += "--mix-boundary--\r\n"
    write(name, h, body.encode('utf-8'), entry)
img = 'Content-Type: image/png; name="IMG_0042.PNG"\r\nContent-Disposition: inline; filename="IMG_0042.PNG"\r\nContent-Transfer-Encoding: base64\r\nContent-ID: <img42@iphone>\r\n\r\n' + b64body(PNG)
mixed("020-inline-iphone-photo.eml", f'{ew("唐宁")} <tangning@example.cn>', ew("付款截图"), "c020@example.cn", "付款成功的截图见附件，但订单显示未支付。", [img],
      complaint("付款截图", "唐宁", body="订单显示未支付", files=1), ["X-Mailer: iPhone Mail (20A362)"])
fwd = "Content-Type: message/rfc822\r\nContent-Disposition: inline\r\n\r\nFrom: notice@bank.example.cn\r\nSubject: =?utf-8?B?" + base64.b64encode("退款通知".encode()).decode() + "?=\r\nMessage-ID: <bank-notice-21@bank.example.cn>\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n" + b64body("您的退款已于11月30日退回。".encode())
mixed("021-forwarded-message.eml", f'{ew("许静")} <xujing@example.cn>', ew("转发：银行退款通知"), "c021@example.cn", "银行说已经退回了，可我没收到，转发给你们看。", [fwd],
      complaint("转发：银行退款通知", "许静", body="转发给你们看", files=1))
uu = codecs.encode(PDF, 'uu').decode().replace('begin 666 <data>', 'begin 644 statement.pdf').replace('\n', '\r\n')
text_mail("022-uuencode-in-body.eml", f'{ew("邓超")} <dengchao@example.cn>', ew("银行流水（uuencode）"), "c022@example.cn",
          "流水附在下面，请查收。\n\n" + uu.replace('\r\n', '\n') + "\n谢谢", cte='8bit', entry=complaint("银行流水（uuencode）", "邓超", body="流水附在下面", lacks="begin 644", files=1))
uu2 = codecs.encode(PNG, 'uu').decode().replace('begin 666 <data>', 'begin 644 screenshot.png').replace('\n', '\r\n')
part = 'Content-Type: application/octet-stream; name="screenshot.png"\r\nContent-Transfer-Encoding: x-uuencode\r\n\r\n' + uu2
mixed("023-x-uuencode-part.eml", f'{ew("萧红")} <xiaohong@example.cn>', ew("截图（x-uuencode）"), "c023@example.cn", "截图用老邮件程序发的。", [part],
      complaint("截图（x-uuencode）", "萧红", body="老邮件程序", files=1))
pdfp = 'Content-Type: application/pdf; name="=?utf-8?B?' + base64.b64encode("对账单.pdf".encode()).decode() + '?="\r\nContent-Disposition: attachment; filename*=utf-8\'\'%E5%AF%B9%E8%B4%A6%E5%8D%95.pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n' + b64body(PDF)
mixed("024-pdf-attachment.eml", f'{ew("田野")} <tianye@example.cn>', ew("对账单有误"), "c024@example.cn", "对账单第三行金额不对。", [pdfp],
      complaint("对账单有误", "田野", body="第三行金额不对", files=1))
exe = 'Content-Type: image/png; name="photo.png"\r\nContent-Disposition: attachment; filename="photo.png"\r\nContent-Transfer-Encoding: base64\r\n\r\n' + b64body(b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 50)
mixed("025-exe-renamed-png.eml", f'{ew("程亮")} <chengliang@example.cn>', ew("附件打不开"), "c025@example.cn", "附件是我的截图。", [exe],
      complaint("附件打不开", "程亮", body="photo.png", files=0))
h = headers(f'{ew("袁满")} <yuanman@example.cn>', ew("只有附件"), "c026@example.cn") + ["MIME-Version: 1.0", 'Content-Type: multipart/mixed; boundary="only"']
body = ("--only\r\n" + img + "\r\n--only--\r\n").encode()
write("026-only-attachment.eml", h, body, complaint("只有附件", "袁满", files=1))
big = ("我的退款问题说明：" + "这是一段很长的说明文字，反复描述退款的经过。" * 12000)
text_mail("027-huge-body.eml", f'{ew("潘越")} <panyue@example.cn>', ew("超长的投诉说明"), "c027@example.cn", big, entry=complaint("超长的投诉说明", "潘越", body="我的退款问题说明"))
h = headers(f'{ew("杜鹃")} <dujuan@example.cn>', ew("退款没到账，只写了主题"), "c028@example.cn") + ["MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8"]
write("028-subject-only.eml", h, b"", complaint("退款没到账，只写了主题", "杜鹃"))
h = headers('kong@example.cn', None, "c029@example.cn") + ["MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8"]
write("029-completely-empty.eml", h, b"\r\n", dict(outcome='quarantine', reason='empty'))
# broken MIME
h = headers(f'{ew("谢楠")} <xienan@example.cn>', ew("边界没有结束"), "c030@example.cn") + ["MIME-Version: 1.0", 'Content-Type: multipart/mixed; boundary="never-closed"']
body = ("--never-closed\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n提现审核一直没有结果。\r\n").encode()
write("030-missing-boundary-end.eml", h, body, complaint("边界没有结束", "谢楠", body="提现审核"))
bad = b64body("银行卡绑定失败，提示系统繁忙。".encode()).replace("\r\n", "\r\n!!\r\n", 1).rstrip('=\r\n') + "\r\n"
h = headers(f'{ew("邹静")} <zoujing@example.cn>', ew("坏的 base64"), "c031@example.cn") + ["MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: base64"]
write("031-bad-base64.eml", h, bad.encode(), complaint("坏的 base64", "邹静"))
write("032-binary-garbage.eml", [], bytes([0x00, 0x01, 0x02, 0xFF, 0xFE, 0x00, 0x10]) * 20, dict(outcome='quarantine', reason='unparseable'), b"")
h = headers(None, ew("没有发件人"), "c033@example.cn") + ["MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8"]
write("033-no-from.eml", h, "谁发的？\r\n".encode(), dict(outcome='quarantine', reason='no_sender'))
h = headers(f'{ew("张三")} <zhangsan>', ew("发件人没有域名"), "c034@example.cn") + ["MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8"]
write("034-from-without-domain.eml", h, "发件人地址不完整。\r\n".encode(), dict(outcome='quarantine', reason='no_sender'))
# ---------- bounces, receipts, auto-replies ----------
def report(name, frm, subj, msgid, rtype, human, machine_type, machine, reason, null_sender=False, extra=()):
    h = headers(frm, subj, msgid, extra) + ["MIME-Version: 1.0", f'Content-Type: multipart/report; report-type={rtype}; boundary="rpt"']
    body = ("--rpt\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + human + "\r\n--rpt\r\nContent-Type: " + machine_type + "\r\n\r\n" + machine +
            "\r\n--rpt\r\nContent-Type: text/rfc822-headers\r\n\r\nFrom: kefu@paydesk.example\r\nSubject: PD\r\nMessage-ID: <0123456789abcdef0123456789abcdef@paydesk>\r\n\r\n--rpt--\r\n")
    write(name, h, body.encode('utf-8'), dict(outcome='ignored', reason=reason, nullSender=null_sender))
report("035-dsn-mailer-daemon.eml", "Mail Delivery System <MAILER-DAEMON@mx.example.cn>", "Undelivered Mail Returned to Sender", "b035@mx.example.cn", "delivery-status",
       "This is the mail system. Your message could not be delivered.", "message/delivery-status", "Reporting-MTA: dns; mx.example.cn\r\n\r\nFinal-Recipient: rfc822; gone@example.cn\r\nAction: failed\r\nStatus: 5.1.1", "bounce", True)
report("036-dsn-chinese-postmaster.eml", f'{ew("系统退信")} <postmaster@qq.example.cn>', ew("系统退信"), "b036@qq.example.cn", "delivery-status",
       "很抱歉您的邮件没有投递成功：收件人不存在。", "message/delivery-status", "Reporting-MTA: dns; qq.example.cn\r\n\r\nFinal-Recipient: rfc822; nobody@qq.example.cn\r\nAction: failed\r\nStatus: 5.1.1", "bounce")
report("037-mdn-chinese.eml", f'{ew("马丽")} <mali@example.cn>', ew("已读: 您的投诉已受理"), "r037@example.cn", "disposition-notification",
       "您发送的邮件已于 2026-12-01 10:00 被阅读。", "message/disposition-notification", "Reporting-UA: Foxmail\r\nFinal-Recipient: rfc822; mali@example.cn\r\nDisposition: manual-action/MDN-sent-manually; displayed", "receipt")
report("038-mdn-outlook.eml", "Tom Lee <tom.lee@example.com>", "Read: Your complaint PD", "r038@example.com", "disposition-notification",
       "Your message was read on Tuesday.", "message/disposition-notification", "Final-Recipient: rfc822; tom.lee@example.com\r\nDisposition: automatic-action/MDN-sent-automatically; displayed", "receipt")
text_mail("039-auto-submitted.eml", f'{ew("秦风")} <qinfeng@example.cn>', ew("Re: 您的投诉已受理"), "a039@example.cn", "我已收到您的邮件，会尽快回复。",
          extra=["Auto-Submitted: auto-replied"], entry=dict(outcome='ignored', reason='auto_reply'))
text_mail("040-x-autoreply.eml", f'{ew("石磊")} <shilei@example.cn>', ew("Re: 工单进展"), "a040@example.cn", "本邮箱已停用。",
          extra=["X-Autoreply: yes"], entry=dict(outcome='ignored', reason='auto_reply'))
text_mail("041-auto-reply-subject.eml", f'{ew("罗琳")} <luolin@example.cn>', ew("自动回复: 我正在休假"), "a041@example.cn", "我正在休假，12月5日回来。",
          entry=dict(outcome='ignored', reason='auto_reply'))
text_mail("042-precedence-bulk.eml", f'{ew("电商周刊")} <news@shop.example.cn>', ew("本周优惠精选"), "a042@shop.example.cn", "本周优惠：满 100 减 20。",
          extra=["Precedence: bulk", "List-Unsubscribe: <mailto:unsub@shop.example.cn>"], entry=dict(outcome='ignored', reason='auto_reply'))
text_mail("043-out-of-office.eml", "Anna Wong <anna.wong@example.hk>", "Out of Office: back Monday", "a043@example.hk", "I am out of the office until Monday.",
          entry=dict(outcome='ignored', reason='auto_reply'))
text_mail("044-auto-answer-163.eml", f'{ew("贺军", "gbk")} <hejun@163.example.cn>', ew("自动答复：已收到", "gbk"), "a044@163.example.cn", "这是一封自动答复邮件。",
          charset='gbk', entry=dict(outcome='ignored', reason='auto_reply'))
# ---------- duplicates and reused ids ----------
raw001 = open(os.path.join(OUT, "001-utf8-base64.eml"), 'rb').read()
open(os.path.join(OUT, "045-duplicate-of-001.eml"), 'wb').write(raw001)
manifest.append(dict(file="045-duplicate-of-001.eml", outcome='duplicate', of="001-utf8-base64.eml"))
raw003 = open(os.path.join(OUT, "003-gb2312-base64.eml"), 'rb').read()
open(os.path.join(OUT, "046-redelivered-003-new-trace.eml"), 'wb').write(b"Received: from backup-mx.example.cn by mx.paydesk.example; Tue, 01 Dec 2026 11:00:00 +0800\r\n" + raw003)
manifest.append(dict(file="046-redelivered-003-new-trace.eml", outcome='duplicate', of="003-gb2312-base64.eml"))
text_mail("047-reused-id-other-sender.eml", f'{ew("高远")} <gaoyuan@example.cn>', ew("我的银行卡被盗刷"), "c002@example.cn", "银行卡在你们平台被盗刷 2000 元。",
          entry=complaint("我的银行卡被盗刷", "高远", body="盗刷 2000 元", after="002-utf8-quoted-printable.eml"))
text_mail("048-reused-id-same-sender.eml", f'{ew("李娜", enc="Q")} <lina@example.cn>', ew("另一个问题：发票", enc="Q"), "c002@example.cn", "另外，请开一张电子发票。",
          cte='qp', entry=complaint("另一个问题：发票", "李娜", body="电子发票", after="002-utf8-quoted-printable.eml"))
h = headers(f'{ew("魏然")} <weiran@example.cn>', ew("没有 Message-ID 的邮件"), None) + ["MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: base64"]
body = b64body("优惠券没有抵扣。".encode()).encode()
write("049-no-message-id.eml", h, body, complaint("没有 Message-ID 的邮件", "魏然", body="优惠券没有抵扣"))
write("050-no-message-id-again.eml", h, body, dict(outcome='duplicate', of="049-no-message-id.eml"))
# ---------- replies to existing complaints ----------
text_mail("051-reply-number-in-subject.eml", f'{ew("张伟")} <zhangwei@example.cn>', "Re: [#{{ticket:001-utf8-base64.eml}}] " + ew("退款三天未到账"), "m051@example.cn",
          "补充：银行说没有收到退款指令。\n\n在 2026年12月1日 10:00，客服中心 写道：\n> 您好，已受理", entry=dict(outcome='message', of="001-utf8-base64.eml", body="银行说没有收到退款指令", lacks="已受理"))
text_mail("052-reply-in-reply-to.eml", f'{ew("王芳", "gb2312")} <wangfang@example.cn>', ew("回复：提现失败", "gb2312"), "m052@example.cn", "卡号我又核对了一遍，没有错。",
          charset='gb2312', extra=["In-Reply-To: <c003@example.cn>", "References: <c003@example.cn>"], entry=dict(outcome='message', of="003-gb2312-base64.eml", body="没有错"))
text_mail("053-reply-references-only.eml", f'{ew("陳大文", "big5")} <chentaiwen@example.tw>', ew("回覆：退款沒有到帳", "big5"), "m053@example.tw", "請問處理進度如何？",
          charset='big5', extra=["References: <older@example.tw> <c006@example.tw>"], entry=dict(outcome='message', of="006-big5-base64.eml", body="處理進度"))
h = headers('吴敏 <wumin@example.cn>', '回复：[#{{ticket:009-raw-gbk-headers.eml}}] 信用卡还款未入账', "m054@example.cn") + ["MIME-Version: 1.0", "Content-Type: text/plain; charset=gbk", "Content-Transfer-Encoding: 8bit"]
write("054-reply-raw-gbk-quoted.eml", h, "还是没有入账。\r\n\r\n-----原始邮件-----\r\n发件人: kefu@paydesk.example\r\n已受理您的问题\r\n".encode('gbk'),
      dict(outcome='message', of="009-raw-gbk-headers.eml", body="还是没有入账", lacks="已受理您的问题"), ('\r\n'.join(h) + '\r\n').encode('gbk'))
text_mail("055-other-sender-quotes-number.eml", f'{ew("冒名者")} <impostor@example.cn>', "Re: [#{{ticket:001-utf8-base64.eml}}] " + ew("我也要退款"), "m055@example.cn",
          "我也有同样的问题。", entry=complaint("Re: [#{{ticket:001-utf8-base64.eml}}] 我也要退款", "冒名者", body="同样的问题"))
# ---------- spam ----------
h = headers("Spam Test <spam@spam.example.com>", "Test spam mail (GTUBE)", "s056@spam.example.com") + ["MIME-Version: 1.0", "Content-Type: text/plain; charset=us-ascii"]
write("056-gtube.eml", h, b"This is the GTUBE, the\r\n\tGeneric\r\n\tTest for\r\n\tUnsolicited\r\n\tBulk\r\n\tEmail\r\n\r\nXJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X\r\n",
      dict(outcome='quarantine', reason='spam', spamd=True, rules="GTUBE"))
def cn_spam(name, frm_name, frm, reply_to, subject, html, msgid, charset='gb2312'):
    h = headers(f'{ew(frm_name, charset)} <{frm}>', ew(subject, charset), msgid, ["Reply-To: " + reply_to, "X-Mailer: Foxmail 6, 13, 102, 15 [cn]"])
    h = [x if not x.startswith("To:") else "To: undisclosed-recipients:;" for x in h]
    h += ["MIME-Version: 1.0", f"Content-Type: text/html; charset={charset}", "Content-Transfer-Encoding: base64"]
    write(name, h, b64body(html.encode(charset)).encode(), dict(outcome='quarantine', reason='spam', spamd=True))
cn_spam("057-chinese-invoice-spam.eml", "财务部王经理", "wang888@163.com", "fapiao8888@qq.com", "代开发票 税点优惠 可先验后付款!!!",
        """<html><body><font size=6 color=red><b>代开各类正规发票！！！</b></font><br>
增值税专用发票、普通发票、建筑、运输、广告、餐饮、住宿等 税点低 可验证后付款<br>
<font color=#ffffff>随机文字 abc123 好运 财富</font>
联系人：王经理 手机：13800000000 QQ：88888888<br>
<a href="http://fapiao.example.cn/?id=1"><img src="http://fapiao.example.cn/a.jpg"></a>
<a href="http://1.2.3.4/click">点击这里了解详情</a>
</body></html>""", "s057@163.com")
cn_spam("058-chinese-casino-spam.eml", "娱乐城客服", "vip777@126.com", "bonus9999@qq.com", "注册即送888元彩金，天天返水!!!",
        """<html><body><font size=7 color=#ff0000><b>澳门顶级娱乐城 注册即送888元</b></font><br>
百家乐 老虎机 体育投注 每日返水 提款秒到<br>
<font color=#ffffff>天天好运 发财 balance 2026</font>
<a href="http://5.6.7.8/reg?code=777"><img src="http://casino.example.cn/banner.gif"></a>
<a href="http://5.6.7.8/reg">立即注册领取</a>
</body></html>""", "s058@126.com", 'gbk')
# ---------- more real-world shapes ----------
text_mail("059-english-ascii.eml", "John Smith <john.smith@example.com>", "Refund not received", "c059@example.com",
          "Hello, my refund for order T202611270059 has not arrived after five days.\n\nSent from my iPhone", cte='7bit', charset='us-ascii',
          entry=complaint("Refund not received", "John Smith", body="T202611270059", lacks="Sent from my iPhone"))
text_mail("060-quoted-name-with-comma.eml", '"=?utf-8?B?' + base64.b64encode("王, 小明".encode()).decode() + '?=" <wangxm@example.cn>', ew("名字里有逗号"), "c060@example.cn",
          "我的名字里有逗号。", entry=complaint("名字里有逗号", "王, 小明", body="逗号"))
sb = "分成两段编码的主题".encode()
split = f"=?utf-8?B?{base64.b64encode(sb[:7]).decode()}?= =?utf-8?B?{base64.b64encode(sb[7:]).decode()}?="
text_mail("061-encoded-word-split-mid-character.eml", f'{ew("史进")} <shijin@example.cn>', split, "c061@example.cn", "主题被拆在一个汉字中间。",
          entry=complaint("分成两段编码的主题", "史进", body="汉字中间"))
text_mail("062-gbk-subject-utf8-name.eml", f'{ew("方圆")} <fangyuan@example.cn>', ew("商户提现手续费多收", "gbk"), "c062@example.cn", "提现手续费应为 0.1%，实际收了 0.6%。",
          entry=complaint("商户提现手续费多收", "方圆", body="0.6%"))
long_subject = "关于我在十一月二十八日通过贵公司平台支付的一笔订单款项被重复扣除且至今未退回的投诉"
words = [long_subject[i:i + 8] for i in range(0, len(long_subject), 8)]
text_mail("063-long-folded-subject.eml", f'{ew("欧阳娜娜")} <ouyang@example.cn>', "\r\n ".join(ew(w) for w in words), "c063@example.cn", "详见主题。",
          entry=complaint(long_subject, "欧阳娜娜", body="详见主题"))
h = headers(f'{ew("白洁")} <baijie@example.cn>', ew("两段文字中间夹着图片"), "c064@example.cn", ["X-Mailer: Apple Mail (2.3731)"]) + ["MIME-Version: 1.0", 'Content-Type: multipart/mixed; boundary="apple"']
body = ("--apple\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n" + b64body("这是扣款短信截图：".encode()) + "\r\n--apple\r\n" + img +
        "\r\n--apple\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n" + b64body("请核实。".encode()) + "\r\n--apple--\r\n").encode()
write("064-apple-text-image-text.eml", h, body, complaint("两段文字中间夹着图片", "白洁", body="扣款短信截图", bodyAlso="请核实", files=1))
u16 = "=?utf-16?B?" + base64.b64encode("退款查询".encode('utf-16-be')).decode() + "?="
text_mail("065-utf16-subject.eml", f'{ew("季风")} <jifeng@example.cn>', u16, "c065@example.cn", "UTF-16 编码的主题。", entry=complaint("退款查询", "季风", body="UTF-16"))
text_mail("066-latin1-european.eml", "=?iso-8859-1?Q?Jos=E9_M=FCller?= <jose.muller@example.de>", "=?iso-8859-1?Q?R=FCckerstattung_fehlt?=", "c066@example.de",
          "Meine Rückerstattung für T202611260066 fehlt noch.", charset='iso-8859-1', cte='qp', entry=complaint("Rückerstattung fehlt", "José Müller", body="T202611260066", latin=True))
json.dump(manifest, open(os.path.join(OUT, "manifest.json"), 'w', encoding='utf-8'), ensure_ascii=False, indent=1)
print(len(manifest), "fixtures")
