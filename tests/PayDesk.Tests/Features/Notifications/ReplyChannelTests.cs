using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PayDesk.Features.Notifications;
using PayDesk.Infrastructure.Data;
using PayDesk.Tests.Infrastructure;

namespace PayDesk.Tests.Features.Notifications;

/// <summary>
/// "按来源渠道" (a reply by the channel the complaint came from): a newcomer's walk found the reply to a complaint sent
/// by text message going out by e-mail only.
/// </summary>
public abstract class ReplyChannelTests(HostFixture host)
{
    private PayDeskFactory Factory => host.Factory;

    private async Task<List<NotificationChannel>> ReplyOnAsync(HttpClient agent, string channel, string? email)
    {
        var created = await agent.PostAsJsonAsync("/api/v1/tickets", new
        {
            channel,
            customer = new { name = "短信客", phone = TestData.NewPhone(), email },
            subject = "退款没到账", description = "上周的退款还没到", category = "refund",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var ticket = (await created.Content.ReadFromJsonAsync<TicketDto>())!;
        Assert.Equal(HttpStatusCode.Created, (await agent.PostAsJsonAsync($"/api/v1/tickets/{ticket.Id}/messages", new { body = "您好，退款已在处理中，预计三个工作日内到账。" })).StatusCode);
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var channels = await db.Notifications.Where(n => n.TicketId == ticket.Id && n.TemplateKey == DefaultTemplates.Progress)
            .Select(n => n.Channel).ToListAsync();
        return channels.Order().ToList();
    }

    [Fact]
    public async Task A_reply_goes_back_by_text_message_to_sms_and_phone_complaints_and_by_e_mail_to_the_others()
    {
        var (agent, _) = await host.NewStaffClientAsync("agent", "按渠道");
        Assert.Equal([NotificationChannel.Sms, NotificationChannel.InApp], await ReplyOnAsync(agent, "sms", "sms.customer@example.com"));
        Assert.Equal([NotificationChannel.Sms, NotificationChannel.InApp], await ReplyOnAsync(agent, "phone", null));
        Assert.Equal([NotificationChannel.Email, NotificationChannel.InApp], await ReplyOnAsync(agent, "email", "mail.customer@example.com"));
        Assert.Equal([NotificationChannel.Email, NotificationChannel.InApp], await ReplyOnAsync(agent, "app", "app.customer@example.com"));
        // No e-mail on file: the portal only, as before (text messages are for status changes there).
        Assert.Equal([NotificationChannel.InApp], await ReplyOnAsync(agent, "web", null));
    }
}

public sealed class ReplyChannelSqliteTests(SqliteHost host) : ReplyChannelTests(host), IClassFixture<SqliteHost>;
