using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using PayDesk.Features.Channels;
using PayDesk.Features.Channels.Chat;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Data;
using PayDesk.Tests.Infrastructure;

namespace PayDesk.Tests.Features.Channels;

/// <summary>Issue 17 item 3: files on a complaint — who may add, list and download them; what is refused and how.</summary>
public abstract class AttachmentApiTests(HostFixture host)
{
    private PayDeskFactory Factory => host.Factory;

    internal static readonly byte[] Png =
    [
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1F, 0x15, 0xC4, 0x89,
    ];

    public sealed record FileDto(Guid Id, string FileName, string ContentType, long Size, DateTime CreatedAt, Guid? MessageId, string Channel);

    public sealed record TicketFilesDto(Guid Id, string Number, List<FileDto> Attachments);

    public sealed record AttachedDto(List<FileDto> Attached);

    public sealed record AuditDto(long Id, Guid? ActorId, string ActorName, string EntityType, Guid EntityId, string Action, string Changes);

    private static MultipartFormDataContent Form(params (string Name, byte[] Bytes)[] files)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, bytes) in files) form.Add(new ByteArrayContent(bytes), "file", name);
        // Sent with a Content-Length, as browsers send forms (TestServer's handler would otherwise stream it without one).
        Assert.NotNull(form.Headers.ContentLength);
        return form;
    }

    private async Task<(HttpClient Alice, HttpClient Bob, HttpClient Admin, TicketDto Ticket)> ComplaintAsync()
    {
        var admin = await Factory.AdminClientAsync();
        var (alice, _) = await host.NewCustomerClientAsync(admin);
        var (bob, _) = await host.NewCustomerClientAsync(admin);
        var created = await alice.PostAsJsonAsync("/api/v1/tickets", new { subject = "退款未到账", description = "截图见附件", category = "refund" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (alice, bob, admin, (await created.Content.ReadFromJsonAsync<TicketDto>())!);
    }

    [Fact]
    public async Task A_customers_png_is_listed_on_the_complaint_and_downloaded_by_staff_audited_and_by_the_owner_only()
    {
        var (alice, bob, admin, ticket) = await ComplaintAsync();
        var upload = await alice.PostAsync($"/api/v1/tickets/{ticket.Id}/attachments", Form(("转账截图.png", Png)));
        Assert.Equal(HttpStatusCode.OK, upload.StatusCode);
        var file = Assert.Single((await upload.Content.ReadFromJsonAsync<AttachedDto>())!.Attached);

        var seen = (await alice.GetFromJsonAsync<TicketFilesDto>($"/api/v1/tickets/{ticket.Number}"))!;
        var listed = Assert.Single(seen.Attachments);
        Assert.Equal(("转账截图.png", "image/png", (long)Png.Length, "web"), (listed.FileName, listed.ContentType, listed.Size, listed.Channel));
        var paged = (await admin.GetFromJsonAsync<PageDto<FileDto>>($"/api/v1/tickets/{ticket.Id}/attachments?pageSize=10"))!;
        Assert.Equal((1, file.Id), (paged.Total, paged.Items[0].Id));

        // The owner and staff get the bytes; an image is shown inline and never sniffed as something else.
        foreach (var reader in new[] { alice, admin, admin })
        {
            var download = await reader.GetAsync($"/api/v1/attachments/{file.Id}");
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
            Assert.Equal(Png, await download.Content.ReadAsByteArrayAsync());
            Assert.Equal("image/png", download.Content.Headers.ContentType?.MediaType);
            Assert.Equal("inline", download.Content.Headers.ContentDisposition?.DispositionType);
            Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());
        }

        // Staff reading it is on record — who, which file, when — once per person and hour, not per thumbnail load.
        var audit = (await admin.GetFromJsonAsync<PageDto<AuditDto>>($"/api/v1/audit?entityType=Attachment&entityId={file.Id}"))!;
        var entry = Assert.Single(audit.Items);
        Assert.Equal("downloaded", entry.Action);
        Assert.Contains(ticket.Id.ToString(), entry.Changes);
        Assert.NotNull(entry.ActorId);

        // Another customer, an anonymous caller, a forged chat token: no bytes, and no hint the file exists.
        Assert.Equal(HttpStatusCode.NotFound, (await bob.GetAsync($"/api/v1/attachments/{file.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.GetAsync($"/api/v1/chat/attachments/{file.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.GetAsync($"/api/v1/tickets/{ticket.Number}/attachments")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.PostAsync($"/api/v1/tickets/{ticket.Id}/attachments", Form(("x.png", Png)))).StatusCode);
        var anonymous = Factory.CreateClient(new() { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/v1/attachments/{file.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await anonymous.GetAsync($"/api/v1/chat/attachments/{file.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await anonymous.GetAsync($"/api/v1/chat/attachments/{file.Id}?token=forged")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/v1/tickets/{ticket.Id}/attachments")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/v1/attachments/{Guid.NewGuid()}")).StatusCode);
        // Without a session, a real file and a made-up id answer alike.
        Assert.Equal(HttpStatusCode.Forbidden, (await anonymous.GetAsync($"/api/v1/chat/attachments/{Guid.NewGuid()}?token=forged")).StatusCode);
        Assert.Single((await admin.GetFromJsonAsync<PageDto<AuditDto>>($"/api/v1/audit?entityType=Attachment&entityId={file.Id}"))!.Items);
    }

    [Fact]
    public async Task Guessed_complaint_numbers_and_file_ids_leak_nothing_to_another_customer()
    {
        var (alice, bob, _, ticket) = await ComplaintAsync();
        var upload = await alice.PostAsync($"/api/v1/tickets/{ticket.Id}/attachments", Form(("statement.pdf", "%PDF-1.4\n%%EOF"u8.ToArray())));
        var file = (await upload.Content.ReadFromJsonAsync<AttachedDto>())!.Attached.Single();
        var number = int.Parse(ticket.Number[^6..]);
        for (var n = Math.Max(1, number - 3); n <= number + 3; n++)
        {
            var guess = $"{ticket.Number[..^6]}{n:D6}";
            var response = await bob.GetAsync($"/api/v1/tickets/{guess}/attachments");
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.DoesNotContain("statement.pdf", await response.Content.ReadAsStringAsync());
        }
        // Version-7 ids are time-ordered: neighbours of a real id are still refused without a body.
        var neighbour = await bob.GetAsync($"/api/v1/attachments/{file.Id}");
        Assert.Equal(HttpStatusCode.NotFound, neighbour.StatusCode);
        Assert.DoesNotContain("%PDF", await neighbour.Content.ReadAsStringAsync());
        // A PDF downloads as a file (not shown inline) for its owner.
        var own = await alice.GetAsync($"/api/v1/attachments/{file.Id}");
        Assert.Equal("attachment", own.Content.Headers.ContentDisposition?.DispositionType);
    }

    [Fact]
    public async Task A_30_MB_file_and_an_exe_renamed_png_are_refused_with_problem_details_and_the_other_files_kept()
    {
        var (alice, _, admin, ticket) = await ComplaintAsync();
        var huge = new byte[30 * 1024 * 1024];
        Png.CopyTo(huge, 0);
        // The complaint takes up to five files in one request, so 30 MB is read (past Kestrel's ~28.6 MB default) and refused by name.
        var tooLarge = await alice.PostAsync($"/api/v1/tickets/{ticket.Id}/attachments", Form(("big.png", huge)));
        Assert.Equal(HttpStatusCode.BadRequest, tooLarge.StatusCode);
        Assert.Equal("application/problem+json", tooLarge.Content.Headers.ContentType?.MediaType);
        var bigRefusal = string.Join(" ", (await tooLarge.Content.ReadFromJsonAsync<ProblemDto>())!.Errors!["file"]);
        Assert.Contains("big.png", bigRefusal);
        Assert.Contains("10 MB", bigRefusal);
        // Beyond what five files could weigh, the body is refused unread.
        var tooMuch = await alice.PostAsync($"/api/v1/tickets/{ticket.Id}/attachments", Form(("a.png", huge), ("b.png", huge)));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooMuch.StatusCode);
        Assert.Contains("10 MB", (await tooMuch.Content.ReadFromJsonAsync<ProblemDto>())!.Detail);

        // Just over the limit but inside the request allowance: refused by the file check, named.
        var over = new byte[10 * 1024 * 1024 + 1];
        Png.CopyTo(over, 0);
        var overLimit = await alice.PostAsync($"/api/v1/tickets/{ticket.Id}/attachments", Form(("slightly-big.png", over)));
        Assert.Equal(HttpStatusCode.BadRequest, overLimit.StatusCode);
        Assert.Contains("slightly-big.png", string.Join(" ", (await overLimit.Content.ReadFromJsonAsync<ProblemDto>())!.Errors!["file"]));

        var exe = "MZ\x90\0\x03\0\0\0\x04\0\0\0\xFF\xFF"u8.ToArray();
        var mixed = await alice.PostAsync($"/api/v1/tickets/{ticket.Id}/attachments", Form(("bank-statement.pdf", "%PDF-1.7\n1 0 obj\n%%EOF"u8.ToArray()), ("screenshot.png", exe)));
        Assert.Equal(HttpStatusCode.BadRequest, mixed.StatusCode);
        Assert.Equal("application/problem+json", mixed.Content.Headers.ContentType?.MediaType);
        var refusal = Assert.Single((await mixed.Content.ReadFromJsonAsync<ProblemDto>())!.Errors!["file"]);
        Assert.Contains("screenshot.png", refusal);
        Assert.DoesNotContain("bank-statement.pdf", refusal);

        var files = (await admin.GetFromJsonAsync<TicketFilesDto>($"/api/v1/tickets/{ticket.Id}"))!.Attachments;
        Assert.Equal(["bank-statement.pdf"], files.Select(f => f.FileName).ToArray());

        // The chat upload refuses the same way.
        var started = await (await Factory.CreateClient().PostAsJsonAsync("/api/v1/chat/conversations", new { name = "访客", phone = TestData.NewPhone() }))
            .Content.ReadFromJsonAsync<ChatService.Started>(ChatTests.Json);
        var chatHuge = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/chat/conversations/{started!.Conversation.Id}/attachments") { Content = Form(("big.png", huge)) };
        chatHuge.Headers.Add(ChatEndpoints.VisitorHeader, started.Token);
        var chatRefused = await Factory.CreateClient().SendAsync(chatHuge);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, chatRefused.StatusCode);
        Assert.Contains("10 MB", (await chatRefused.Content.ReadFromJsonAsync<ProblemDto>())!.Detail);
        var chatExe = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/chat/conversations/{started.Conversation.Id}/attachments") { Content = Form(("photo.png", exe)) };
        chatExe.Headers.Add(ChatEndpoints.VisitorHeader, started.Token);
        var chatExeRefused = await Factory.CreateClient().SendAsync(chatExe);
        Assert.Equal(HttpStatusCode.BadRequest, chatExeRefused.StatusCode);
        Assert.Contains("photo.png", string.Join(" ", (await chatExeRefused.Content.ReadFromJsonAsync<ProblemDto>())!.Errors!["file"]));
    }

    [Fact]
    public async Task Files_of_a_conversation_that_became_the_complaint_appear_on_it_whatever_channel_stored_them()
    {
        var (alice, bob, admin, ticket) = await ComplaintAsync();
        Guid viaConversation, viaTicket;
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var store = scope.ServiceProvider.GetRequiredService<AttachmentStore>();
            var conversation = new Conversation
            {
                Channel = TicketChannel.WeChat, ExternalUserId = "o-test-" + Guid.NewGuid().ToString("N")[..8], VisitorName = "微信用户",
                Status = ConversationStatus.Ended, TicketId = ticket.Id, StartedAt = DateTime.UtcNow, LastMessageAt = DateTime.UtcNow,
            };
            db.Conversations.Add(conversation);
            // As a WeChat adapter would store them: one only on the conversation, one on the complaint as well.
            var image = await store.SaveAsync("wechat-image.jpg", "image/jpeg", [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10], CancellationToken.None);
            image.ConversationId = conversation.Id;
            var voice = await store.SaveAsync("receipt.png", "image/png", Png, CancellationToken.None);
            voice.ConversationId = conversation.Id;
            voice.TicketId = ticket.Id;
            db.Attachments.AddRange(image, voice);
            await db.SaveChangesAsync();
            (viaConversation, viaTicket) = (image.Id, voice.Id);
        }
        var files = (await admin.GetFromJsonAsync<TicketFilesDto>($"/api/v1/tickets/{ticket.Id}"))!.Attachments;
        Assert.Equal(new[] { viaConversation, viaTicket }.Order(), files.Select(f => f.Id).Order());
        Assert.All(files, f => Assert.Equal("we_chat", f.Channel));
        Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync($"/api/v1/attachments/{viaConversation}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.GetAsync($"/api/v1/attachments/{viaConversation}")).StatusCode);
    }
}

[Trait("Provider", "Sqlite")]
public sealed class AttachmentApiSqliteTests(SqliteHost host) : AttachmentApiTests(host), IClassFixture<SqliteHost>;

[Trait("Provider", "Postgres")]
public sealed class AttachmentApiPostgresTests(PostgresHost host) : AttachmentApiTests(host), IClassFixture<PostgresHost>;
