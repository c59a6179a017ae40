using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using PayDesk.Features.Channels;
using PayDesk.Features.Channels.Chat;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;
using PayDesk.Tests.Infrastructure;

namespace PayDesk.Tests.Features.Channels;

/// <summary>
/// A file sent in a chat whose visitor only typed an existing customer's phone is not known to be that customer's: the
/// staff's file panel marks it, while files of proven chats stay plain.
/// </summary>
public sealed class UnprovenChatFilesTests
{
    [Fact]
    public async Task The_customer_files_panel_marks_files_a_visitor_sent_without_proving_who_they_are()
    {
        await using var factory = new PayDeskFactory(Provider.Sqlite);
        var admin = await factory.AdminClientAsync();
        var created = await admin.PostAsJsonAsync("/api/v1/customers", new { name = "沈十一", phone = TestData.NewPhone() });
        created.EnsureSuccessStatusCode();
        var customerId = (await created.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetGuid();

        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var store = scope.ServiceProvider.GetRequiredService<AttachmentStore>();
        var now = DateTime.UtcNow;
        var stranger = new Conversation { VisitorName = "自称沈十一", CustomerId = customerId, ClaimsExistingCustomer = true, StartedAt = now };
        var proven = new Conversation { VisitorName = "沈十一", CustomerId = customerId, ClaimsExistingCustomer = true, VerifiedAt = now, StartedAt = now };
        db.Conversations.AddRange(stranger, proven);
        var fromStranger = await store.SaveAsync("截图.png", "image/png", [0x89, 0x50, 0x4E, 0x47, 1], TestContext.Current.CancellationToken);
        fromStranger.ConversationId = stranger.Id;
        var fromCustomer = await store.SaveAsync("账单.png", "image/png", [0x89, 0x50, 0x4E, 0x47, 2], TestContext.Current.CancellationToken);
        fromCustomer.ConversationId = proven.Id;
        db.Attachments.AddRange(fromStranger, fromCustomer);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);

        var files = await ListCustomerFiles.QueryAsync(db, customerId, new PageRequest(1, 10), TestContext.Current.CancellationToken);
        Assert.True(files.Items.Single(r => r.File.FileName == "截图.png").Unproven);
        Assert.False(files.Items.Single(r => r.File.FileName == "账单.png").Unproven);
        Assert.Contains("访客未验证身份", await admin.GetStringAsync($"/customers/{customerId}"));
    }
}
