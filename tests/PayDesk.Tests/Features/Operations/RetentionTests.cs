using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PayDesk.Features.Channels.Chat;
using PayDesk.Features.Channels.Phone;
using PayDesk.Features.Complaints;
using PayDesk.Features.Notifications;
using PayDesk.Features.Operations;
using PayDesk.Features.Quality;
using PayDesk.Infrastructure.Data;
using PayDesk.Tests.Infrastructure;

namespace PayDesk.Tests.Features.Operations;

/// <summary>
/// Retention beyond the complaint (PIPL): chats and calls that never became part of a complaint, notices about no
/// complaint, customer records nothing keeps, and what quality reviews say about a complaint. Before, all of them kept
/// names and numbers for ever. (The complaint itself: OperationsVerbTests, through the published command.)
/// </summary>
public abstract class RetentionTests(HostFixture host)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<Guid> CustomerAsync(HttpClient admin, string name, string phone)
    {
        var created = await admin.PostAsJsonAsync("/api/v1/customers", new { name, phone }, Ct);
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync(Ct));
        return (await created.Content.ReadFromJsonAsync<CustomerDto>(Ct))!.Id;
    }

    private static Conversation Chat(Guid? customerId, string visitor, DateTime at) => new()
    {
        CustomerId = customerId, VisitorName = visitor, ContactMasked = "138****5678", Status = ConversationStatus.Ended,
        StartedAt = at, EndedAt = at, LastMessageAt = at, PageUrl = "https://pay.example.cn/help?user=" + visitor,
        HandOffNote = $"{visitor} 流水号 4200001234567890", ExternalUserId = "o-wx-" + Guid.NewGuid().ToString("N")[..8],
    };

    [Fact]
    public async Task Chats_calls_and_notices_outside_complaints_and_customers_nothing_keeps_are_anonymised_and_recent_ones_stay()
    {
        var factory = host.Factory;
        var admin = await factory.AdminClientAsync();
        var now = DateTime.UtcNow;
        var old = now.AddYears(-6);
        var oldPhone = TestData.NewPhone();
        var idle = await CustomerAsync(admin, "司马相如", oldPhone);
        var activePhone = TestData.NewPhone();
        var active = await CustomerAsync(admin, "卓文君", activePhone);
        var withLogin = await CustomerAsync(admin, "东方朔", TestData.NewPhone());
        // A complaint of the active customer, closed long ago, reviewed by quality: its reviews' words go with it.
        var complaint = await admin.PostAsJsonAsync("/api/v1/tickets", new
        {
            channel = "phone", customer = new { name = "卓文君", phone = activePhone }, subject = "卓文君投诉重复扣款",
            description = "卓文君说被扣了两次。", category = "funds", amount = new { value = 88.00m, currency = "CNY" },
        }, Ct);
        Assert.Equal(HttpStatusCode.Created, complaint.StatusCode);
        var ticketId = (await complaint.Content.ReadFromJsonAsync<TicketDto>(Ct))!.Id;
        // A customer with an old complaint and an old chat outside it under a nickname: the chat must be scrubbed by the real
        // name before the record loses it, and what they wrote in an NPS survey (about no complaint) goes with the record.
        var zhaojunPhone = TestData.NewPhone();
        var zhaojunComplaint = await admin.PostAsJsonAsync("/api/v1/tickets", new
        {
            channel = "phone", customer = new { name = "王昭君", phone = zhaojunPhone }, subject = "王昭君投诉退款未到账",
            description = "退款没有到账。", category = "refund", amount = new { value = 66.00m, currency = "CNY" },
        }, Ct);
        Assert.Equal(HttpStatusCode.Created, zhaojunComplaint.StatusCode);
        var zhaojunTicket = (await zhaojunComplaint.Content.ReadFromJsonAsync<TicketDto>(Ct))!.Id;

        Guid oldChat, recentChat, oldCall, recentCall, oldNotice, attachmentId;
        string attachmentPath;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var store = scope.ServiceProvider.GetRequiredService<PayDesk.Features.Channels.AttachmentStore>();
            var chat = Chat(idle, "司马相如", old);
            var recent = Chat(active, "卓文君", now.AddDays(-3));
            db.Conversations.AddRange(chat, recent);
            db.ChatMessages.AddRange(
                new ChatMessage { ConversationId = chat.Id, ClientMessageId = "m1", FromCustomer = true, SenderName = "司马相如", Body = $"我是司马相如，手机{oldPhone}", CreatedAt = old },
                new ChatMessage { ConversationId = chat.Id, ClientMessageId = "m2", SenderName = "坐席小王", Body = "司马相如先生您好", CreatedAt = old },
                new ChatMessage { ConversationId = recent.Id, ClientMessageId = "m3", FromCustomer = true, SenderName = "卓文君", Body = "我是卓文君", CreatedAt = now });
            var file = await store.SaveAsync("司马相如身份证.png", "image/png", [0x89, 0x50, 0x4E, 0x47, 9, 9], Ct);
            file.ConversationId = chat.Id;
            db.Attachments.Add(file);
            db.Surveys.Add(new PayDesk.Features.Surveys.Survey { CustomerId = idle, ConversationId = chat.Id, SentAt = old, ExpiresAt = old, Comment = $"司马相如：客服很好，电话{oldPhone}" });
            var review = new AutomaticReview { Subject = ReviewSubject.Chat, SubjectId = chat.Id, Reference = "chat", WorkAt = old };
            review.Items.Add(new AutomaticReviewItem { ItemKey = "greeting", Detail = "坐席称呼了司马相如先生" });
            db.Add(review);
            var call = new CallRecord { CallId = "ret-loose-" + oldPhone, CustomerId = idle, CallerMasked = "138****5678", CallerHash = "h-" + oldPhone, RecordingUrl = "https://pbx.example.cn/rec/1", StartedAt = old, UpdatedAt = old };
            var recentOne = new CallRecord { CallId = "ret-recent-" + oldPhone, CustomerId = active, CallerMasked = "139****0000", CallerHash = "h2-" + oldPhone, RecordingUrl = "https://pbx.example.cn/rec/2", StartedAt = now, UpdatedAt = now };
            db.Calls.AddRange(call, recentOne);
            db.CallEvents.Add(new CallEventRecord { CallRecordId = call.Id, EventId = "e-" + oldPhone, Type = "ivr", At = old, Detail = "caller " + oldPhone });
            var notice = new Notification { CustomerId = idle, Channel = NotificationChannel.Sms, TemplateKey = "nps", Locale = "zh-CN", DestinationMasked = "138****5678",
                Body = "司马相如您好，请为我们打分", Status = DeliveryStatus.Sent, CreatedAt = old, NextAttemptAt = old };
            db.Notifications.Add(notice);
            var qa = new QualityReview { TicketId = ticketId, TicketNumber = "PD-1", AgentName = "小王", RubricName = "标准", Summary = "坐席没有核实卓文君的身份", DisputeReason = "卓文君已核实" };
            qa.Scores.Add(new QualityReviewScore { ItemKey = "verify", ItemName = "核实身份", Note = "卓文君 手机13912345678" });
            db.Add(qa);
            await db.SaveChangesAsync(Ct);
            db.Add(new QualityComment { ReviewId = qa.Id, MessageRef = "message:1", Body = "这里应先问卓文君的身份证号", AuthorName = "质检员" });
            db.Add(new PayDesk.Features.Incidents.IncidentSuggestion { Title = "疑似故障：招商银行", ScopeKey = "retention-" + oldPhone, DetectedAt = old, SampleText = "司马相如说转账失败" });
            await db.SaveChangesAsync(Ct);
            (oldChat, recentChat, oldCall, recentCall, oldNotice, attachmentId) = (chat.Id, recent.Id, call.Id, recentOne.Id, notice.Id, file.Id);
            var zhaojun = await db.Tickets.Where(t => t.Id == zhaojunTicket).Select(t => t.CustomerId).SingleAsync(Ct);
            var nickname = Chat(zhaojun, "小王", old);
            db.Conversations.Add(nickname);
            db.ChatMessages.Add(new ChatMessage { ConversationId = nickname.Id, ClientMessageId = "z1", FromCustomer = true, SenderName = "小王", Body = "我是王昭君，退款呢", CreatedAt = old });
            db.Surveys.Add(new PayDesk.Features.Surveys.Survey { CustomerId = zhaojun, ConversationId = nickname.Id, SentAt = old, ExpiresAt = old, Comment = "王昭君：聊天很顺利" });
            db.Surveys.Add(new PayDesk.Features.Surveys.Survey { CustomerId = zhaojun, Kind = PayDesk.Features.Surveys.SurveyKind.Nps, SentAt = old, ExpiresAt = old, Comment = "王昭君愿意推荐" });
            var zhaojunCall = new CallRecord { CallId = "ret-zj-" + zhaojunPhone, CustomerId = zhaojun, CallerMasked = "137****0000", CallerHash = "hz-" + zhaojunPhone, StartedAt = old, UpdatedAt = old };
            db.Calls.Add(zhaojunCall);
            db.Surveys.Add(new PayDesk.Features.Surveys.Survey { CustomerId = zhaojun, CallId = zhaojunCall.Id, SentAt = old, ExpiresAt = old, Comment = "王昭君：电话里说清楚了" });
            await db.SaveChangesAsync(Ct);
            await db.Tickets.Where(t => t.Id == zhaojunTicket).ExecuteUpdateAsync(s => s.SetProperty(t => t.Status, TicketStatus.Closed).SetProperty(t => t.ClosedAt, old), Ct);
            await db.Customers.Where(c => c.Id == zhaojun).ExecuteUpdateAsync(s => s.SetProperty(c => c.CreatedAt, old.AddDays(-1)), Ct);
            attachmentPath = Path.Combine(factory.DataDir, file.StoragePath);
            // Records made long ago; the customer with a sign-in of their own is a current relationship.
            await db.Customers.Where(c => c.Id == idle || c.Id == withLogin).ExecuteUpdateAsync(s => s.SetProperty(c => c.CreatedAt, old).SetProperty(c => c.UpdatedAt, old), Ct);
            await db.Tickets.Where(t => t.Id == ticketId).ExecuteUpdateAsync(s => s.SetProperty(t => t.Status, TicketStatus.Closed).SetProperty(t => t.ClosedAt, old), Ct);
            var (login, errors) = await scope.ServiceProvider.GetRequiredService<PayDesk.Features.Identity.UserAccounts>()
                .CreateAsync($"c{TestData.NewPhone()}@example.cn", "东方朔", PayDesk.Infrastructure.Security.Roles.Customer, PayDeskFactory.AdminPassword, withLogin);
            Assert.True(login is not null, string.Join(" ", errors));
        }
        Assert.True(File.Exists(attachmentPath));

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var retention = scope.ServiceProvider.GetRequiredService<Retention>();
            var dry = await retention.RunAsync(dryRun: true, Ct);
            Assert.Equal((2, 2, 2, 1), (dry.Complaints, dry.Chats, dry.Calls, dry.Notices));
            // The idle customer (no complaint, only old chats and calls) and 王昭君; 卓文君's recent chat keeps her record.
            Assert.Equal(2, dry.Customers);
            Assert.Equal(1, dry.Attachments);
            var done = await retention.RunAsync(dryRun: false, Ct);
            Assert.Equal((2, 2, 2, 1, 2, 1), (done.Complaints, done.Chats, done.Calls, done.Notices, done.Customers, done.Attachments));
            var again = await retention.RunAsync(dryRun: true, Ct);
            Assert.False(again.Any, "a second run finds more: " + again);
        }

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var chat = await db.Conversations.AsNoTracking().SingleAsync(c => c.Id == oldChat, Ct);
            Assert.NotNull(chat.AnonymisedAt);
            Assert.Equal((Retention.CustomerPlaceholder, (string?)null, (string?)null, (string?)null, (string?)null),
                (chat.VisitorName, chat.ContactMasked, chat.PageUrl, chat.HandOffNote, chat.ExternalUserId));
            Assert.Equal(old, chat.StartedAt, TimeSpan.FromSeconds(1));
            var words = string.Join("\n", (await db.ChatMessages.AsNoTracking().Where(m => m.ConversationId == oldChat).ToListAsync(Ct)).SelectMany(m => new[] { m.SenderName, m.Body })
                .Concat(await db.Surveys.AsNoTracking().Where(v => v.ConversationId == oldChat).Select(v => v.Comment!).ToListAsync(Ct))
                .Concat(await db.Set<AutomaticReviewItem>().AsNoTracking().Where(i => i.ItemKey == "greeting").Select(i => i.Detail!).ToListAsync(Ct))
                .Concat((await db.Calls.AsNoTracking().Where(c => c.Id == oldCall).ToListAsync(Ct)).SelectMany(c => new[] { c.CallerMasked, c.CallerHash, c.RecordingUrl }))
                .Concat(await db.CallEvents.AsNoTracking().Where(e => e.CallRecordId == oldCall).Select(e => e.Detail).ToListAsync(Ct))
                .Concat((await db.Notifications.AsNoTracking().Where(n => n.Id == oldNotice).ToListAsync(Ct)).SelectMany(n => new[] { n.Body, n.DestinationMasked })));
            foreach (var personal in new[] { "司马相如", oldPhone, "138****5678", "pbx.example.cn", "h-" + oldPhone }) Assert.DoesNotContain(personal, words);
            Assert.Contains("客服很好", words);
            Assert.False(await db.Attachments.AnyAsync(a => a.Id == attachmentId, Ct));
            Assert.False(File.Exists(attachmentPath), "the chat's file is still on disk");
            Assert.NotNull((await db.Calls.AsNoTracking().SingleAsync(c => c.Id == oldCall, Ct)).AnonymisedAt);

            // Customer records: the idle one goes (cards, contacts, its audit entries' values); the active and the signed-up ones stay.
            var customers = await db.Customers.AsNoTracking().Where(c => c.Id == idle || c.Id == active || c.Id == withLogin).ToDictionaryAsync(c => c.Id, Ct);
            Assert.Equal(Retention.Placeholder, customers[idle].Name);
            Assert.Null(customers[idle].PhoneCipher);
            Assert.Equal("卓文君", customers[active].Name);
            Assert.Equal("东方朔", customers[withLogin].Name);
            foreach (var entry in await db.AuditEntries.AsNoTracking().Where(a => a.EntityId == idle).ToListAsync(Ct)) Assert.DoesNotContain("司马相如", entry.Changes);
            Assert.True(await db.AuditEntries.AnyAsync(a => a.EntityType == nameof(Retention) && a.Action == Retention.Action, Ct));

            // Recent chats and calls are untouched.
            Assert.Equal("卓文君", (await db.Conversations.AsNoTracking().SingleAsync(c => c.Id == recentChat, Ct)).VisitorName);
            Assert.Equal("我是卓文君", (await db.ChatMessages.AsNoTracking().SingleAsync(m => m.ConversationId == recentChat, Ct)).Body);
            Assert.NotNull((await db.Calls.AsNoTracking().SingleAsync(c => c.Id == recentCall, Ct)).RecordingUrl);

            // 王昭君: nothing she wrote anywhere keeps her name, whichever step reached it first.
            var zhaojunId = await db.Tickets.Where(t => t.Id == zhaojunTicket).Select(t => t.CustomerId).SingleAsync(Ct);
            Assert.Equal(Retention.Placeholder, (await db.Customers.AsNoTracking().SingleAsync(c => c.Id == zhaojunId, Ct)).Name);
            var hers = string.Join("\n", (await db.Surveys.AsNoTracking().Where(v => v.CustomerId == zhaojunId).Select(v => v.Comment!).ToListAsync(Ct))
                .Concat(await db.ChatMessages.AsNoTracking().Where(m => db.Conversations.Any(c => c.Id == m.ConversationId && c.CustomerId == zhaojunId)).Select(m => m.Body).ToListAsync(Ct)));
            Assert.DoesNotContain("王昭君", hers);
            Assert.Contains("电话里说清楚了", hers);
            Assert.Contains("愿意推荐", hers);

            // An old incident suggestion's sample complaint text goes too.
            Assert.Null(await db.Set<PayDesk.Features.Incidents.IncidentSuggestion>().Where(x => x.ScopeKey == "retention-" + oldPhone).Select(x => x.SampleText).SingleAsync(Ct));

            // The complaint's quality review keeps its judgement, not the name or the number.
            var qa = await db.Set<QualityReview>().AsNoTracking().Include(r => r.Scores).SingleAsync(r => r.TicketId == ticketId, Ct);
            var comment = await db.Set<QualityComment>().AsNoTracking().SingleAsync(c => c.ReviewId == qa.Id, Ct);
            var review = string.Join("\n", qa.Summary, qa.DisputeReason, qa.Scores.Single().Note, comment.Body);
            Assert.DoesNotContain("卓文君", review);
            Assert.DoesNotContain("13912345678", review);
            Assert.Contains("没有核实", review);
        }
    }
}

public sealed class RetentionSqliteTests(SqliteHost host) : RetentionTests(host), IClassFixture<SqliteHost>;

public sealed class RetentionPostgresTests(PostgresHost host) : RetentionTests(host), IClassFixture<PostgresHost>;
